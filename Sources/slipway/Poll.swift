import ArgumentParser
import History
import Intake
import Platform
import Settings
import SlipwayCore

struct Poll: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll",
        abstract: "Queue builds for branches whose tips moved since they were last queued (for cron).")

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "First fetch this remote (name, URL or path) into the repository's branches and tags.")
    var fetch: String?

    @Flag(help: "Queue only; do not start a worker.")
    var noWorker = false

    func run() throws {
        let settings = try repository.settings()
        let store = try repository.store(settings)
        let result = try Poller(settings: settings, store: store).poll(fetchRemote: fetch)
        for message in result.messages { say("slipway: \(message)") }
        // The cron safety net: anything queued gets a worker, also a run recovery queued again
        // after a crash or a reboot, and pushes queued while no worker could start.
        if !noWorker, try !result.queued.isEmpty || store.hasQueuedRuns() {
            try WorkerLauncher.ensureRunning(rules: settings.intakeRules, executable: currentExecutablePath())
        }
    }
}
