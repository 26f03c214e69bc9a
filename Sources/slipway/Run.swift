import ArgumentParser
import History
import Settings
import SlipwayCore
import SlipwayModel

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Build a branch now, in the foreground, with live output; exits with the build's status.")

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "The branch to build.")
    var branch: String

    @Option(help: "A commit to build instead of the branch tip (SHA, short SHA or any revision).")
    var commit: String?

    func run() throws {
        let settings = try repository.settings()
        let store = try repository.store(settings)
        let factory = PipelineFactory(settings: settings, store: store)
        let run = try ManualRun(factory: factory, slots: BuildSlots(settings: try ServerSettings.load())).run(branch: branch, commit: commit, initiator: currentUser("slipway/run"),
                                                      terminal: 1)
        say("slipway: run #\(run.id) \(run.status.rawValue)" + (run.reportPath.map { "; report: \($0)" } ?? ""))
        throw ExitCode(Self.exitCode(for: run.status))
    }

    static func exitCode(for status: RunStatus) -> Int32 {
        switch status {
        case .succeeded: return 0
        case .failed: return 1
        case .fault: return 3
        case .timedOut: return 4
        case .stopped, .superseded, .interrupted: return 5
        case .queued, .inProgress: return 3
        }
    }
}
