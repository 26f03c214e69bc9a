import ArgumentParser
import History
import Intake
import Platform
import Settings
import SlipwayCore

struct HookPostReceive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post-receive",
        abstract: "Read git's '<old> <new> <ref>' lines from stdin and queue builds (never fails a push).")

    @OptionGroup var repository: RepositoryOptions

    @Flag(help: "Wait for the queued builds and print their output and results (also: queue.wait in slipway.yml).")
    var wait = false

    func run() throws {
        let input = String(decoding: (try? readWholeFile("/dev/stdin")) ?? [], as: UTF8.self)
        try Self.receive(input: input, repository: repository, wait: wait)
    }

    /// Queues the push described by `input`; prints problems instead of failing.
    static func receive(input: String, repository: RepositoryOptions, wait: Bool) throws {
        let settings: SlipwaySettings
        let store: HistoryStore
        do {
            settings = try repository.settings()
            store = try repository.store(settings)
        } catch {
            say("slipway: \(error)")
            say("slipway: the push was accepted but nothing was queued; fix the problem, then run `slipway poll`")
            return
        }
        let rules = settings.intakeRules
        let after = wait ? 0 : ReceiveHook.gitProcessToOutlive(rules: rules)
        let hook = ReceiveHook(rules: rules, workerExecutable: currentExecutablePath(), startWorkerAfter: after, output: say)
        guard case .handled(let queued) = hook.receive(input, initiator: currentUser("slipway/push")) else {
            say("slipway: the queue in \(settings.paths.database) has a schema this slipway does not know; nothing was queued")
            return
        }
        if (wait || settings.queue.wait) && !queued.isEmpty {
            _ = try? RunFollower(store: store, output: say, write: writeOut).follow(queued)
        }
    }
}
