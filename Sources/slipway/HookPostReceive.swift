import ArgumentParser
import History
import Intake
import Platform
import Settings

struct HookPostReceive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post-receive",
        abstract: "Read git's '<old> <new> <ref>' lines from stdin and queue builds (never fails a push).")

    @OptionGroup var repository: RepositoryOptions

    @Flag(help: "Wait for the queued builds and print their output and results (also: queue.wait in slipway.yml).")
    var wait = false

    func run() throws {
        let input = String(decoding: (try? readWholeFile("/dev/stdin")) ?? [], as: UTF8.self)
        let settings: SlipwaySettings
        do {
            settings = try repository.settings()
        } catch {
            say("slipway: \(error)")
            say("slipway: the push was accepted but nothing was queued; fix slipway.yml, then run `slipway poll`")
            return
        }
        let hook = ReceiveHook(settings: settings, workerExecutable: currentExecutablePath(), output: say)
        let queued = hook.receive(input, initiator: currentUser("slipway/push"))
        if (wait || settings.queue.wait) && !queued.isEmpty, let store = try? HistoryStore.open(settings.paths.database) {
            _ = try? RunFollower(store: store, output: say, write: writeOut).follow(queued)
        }
    }
}
