// slipway-hook: the post-receive hook's fast path. It queues the pushed builds and starts a
// worker (the full `slipway` binary next to it), without loading libgit2 or libcurl, so a push
// waits only a few milliseconds for it. `slipway hook post-receive` does the same work.
import History
import Intake
import Platform
import Settings
#if canImport(Glibc)
import Glibc
#endif

func say(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { bytes in
        let out = FileDescriptor(raw: 1)
        try? out.writeAll(UnsafeRawBufferPointer(bytes))
        out.release()
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.first == "post-receive" else {
    say("usage: slipway-hook post-receive [--repo DIR]  (reads git's '<old> <new> <ref>' lines from stdin)")
    exit(2)
}
var explicitRepository: String?
if let index = arguments.firstIndex(of: "--repo"), index + 1 < arguments.count {
    explicitRepository = arguments[index + 1]
}
let input = String(decoding: (try? readWholeFile("/dev/stdin")) ?? [], as: UTF8.self)
do {
    let gitDirectory = try RepositoryLocator.gitDirectory(explicit: explicitRepository)
    let settings = try SettingsLoader.load(gitDirectory: gitDirectory)
    let worker = parentDirectory(currentExecutablePath()) + "/slipway"
    let user = currentUserName()
    let queued = ReceiveHook(settings: settings, workerExecutable: worker, output: say)
        .receive(input, initiator: "slipway/push/\(user)")
    if settings.queue.wait && !queued.isEmpty, let store = try? HistoryStore.open(settings.paths.database) {
        _ = try? RunFollower(store: store, output: say, write: { bytes in
            let out = FileDescriptor(raw: 1)
            try? out.writeAll(bytes)
            out.release()
        }).follow(queued)
    }
} catch {
    say("slipway: \(error)")
    say("slipway: the push was accepted but nothing was queued; fix the problem, then run `slipway poll`")
}
exit(0)
