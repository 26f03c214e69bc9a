import ArgumentParser
import History
import Intake
import Platform
import Settings
import SlipwayModel

struct Retry: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Queue a finished build's SHA again, as a new run.")

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The run number.")
    var number: Int64

    func run() throws {
        let settings = try repository.settings()
        let store = try repository.store(settings)
        guard let old = try store.run(number) else { throw HistoryError.noSuchRun(number) }
        guard old.status.isFinished else { throw HistoryError.notFinished(number, old.status) }
        var request = BuildRequest(ref: old.ref, branch: old.branch, refKind: old.refKind, oldSha: old.oldSha,
                                   newSha: old.newSha, trigger: .retry, initiator: currentUser("slipway/retry"),
                                   policy: QueuePolicy(mode: .queue))
        request.force = true
        request.retryOf = old.id
        guard case let .queued(new, _, _) = try store.enqueue([request]).first else { return }
        say("slipway: queued build #\(new) for \(old.branch) at \(old.newSha.prefix(7)) (retry of #\(number))")
        try WorkerLauncher.ensureRunning(rules: settings.intakeRules, executable: currentExecutablePath())
    }
}
