// slipway-hook: the post-receive hook's fast path, a fully static binary that starts in under a
// millisecond. git runs it straight from the hook file's first line (`#!<this> post-receive`).
// It reads the intake rules from their snapshot (never YAML), queues the pushed builds with raw
// SQLite, and starts a worker (the full `slipway` binary next to it). When the snapshot is stale
// (slipway.yml changed) or the queue's schema is not the one it knows, it hands the push to
// `slipway hook post-receive`, which reads slipway.yml and migrates. A hook kept from before
// Slipway runs last, with the same input.
import Intake
import Platform
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

/// Runs the full binary with the same input and output and waits for it.
func handOver(to slipway: String, arguments: [String], input: String) {
    do {
        let pipe = try makePipe()
        let child = try ChildProcess.spawn(executable: slipway, arguments: arguments,
                                           environment: ProcessEnvironment.current(), standardInput: pipe.read.raw,
                                           standardOutput: 1, standardError: 2)
        pipe.read.close()
        try? pipe.write.writeAll(input)
        pipe.write.close()
        _ = child.wait()
    } catch {
        say("slipway: could not run \(slipway) (\(error)); the push was accepted but not queued: run `slipway poll`")
    }
}

/// Queues the push (or hands it over); never fails.
func receive(_ input: String, explicitRepository: String?, slipway: String) {
    do {
        let gitDirectory = try RepositoryLocator.gitDirectory(explicit: explicitRepository)
        let fullHook = ["hook", "post-receive", "--repo", gitDirectory]
        guard let rules = IntakeSnapshot.load(gitDirectory: gitDirectory) else {
            return handOver(to: slipway, arguments: fullHook, input: input)
        }
        let hook = ReceiveHook(rules: rules, workerExecutable: slipway,
                               startWorkerAfter: ReceiveHook.gitProcessToOutlive(rules: rules), output: say)
        switch hook.receive(input, initiator: "slipway/push/\(currentUserName())") {
        case .needsFullSlipway:
            handOver(to: slipway, arguments: fullHook, input: input)
        case .handled(let queued):
            if rules.wait && !queued.isEmpty {
                handOver(to: slipway, arguments: ["hook", "follow", "--repo", gitDirectory] + queued.map(String.init), input: "")
            }
        }
    } catch {
        say("slipway: \(error)")
        say("slipway: the push was accepted but nothing was queued; fix the problem, then run `slipway poll`")
    }
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.first == "post-receive" else {
    say("usage: slipway-hook post-receive [HOOK-FILE] [--repo DIR]  (reads git's '<old> <new> <ref>' lines from stdin)")
    exit(2)
}
arguments.removeFirst()
var explicitRepository: String?
if let index = arguments.firstIndex(of: "--repo"), index + 1 < arguments.count {
    explicitRepository = arguments[index + 1]
    arguments.removeSubrange(index...(index + 1))
}
let hookFile = arguments.first
let input = String(decoding: (try? readWholeFile("/dev/stdin")) ?? [], as: UTF8.self)
receive(input, explicitRepository: explicitRepository, slipway: parentDirectory(currentExecutablePath()) + "/slipway")
if let hookFile, let previous = HookScript.previousHook(inScript: hookFile) {
    exit(HookScript.runPrevious(previous, input: input))
}
exit(0)
