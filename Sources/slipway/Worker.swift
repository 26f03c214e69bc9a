import ArgumentParser
import Platform
import Settings
import SlipwayCore

struct Worker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Drain the queue (queue.concurrency builds at once) and exit when it is empty.")

    @OptionGroup var repository: RepositoryOptions

    func run() throws {
        let settings = try repository.settings()
        let store = try repository.store(settings)
        StopSignals.install()
        let factory = PipelineFactory(settings: settings, store: store)
        let slots = BuildSlots(settings: try ServerSettings.load())
        let worker = SlipwayCore.Worker(settings: settings, store: store, slots: slots,
                                        makeContext: { try factory.makeContext(branch: $0) }, output: say)
        guard let built = try worker.drain() else {
            say("slipway: another worker is draining the queue of \(settings.gitDirectory)")
            return
        }
        say("slipway: worker done, \(built) build\(built == 1 ? "" : "s")")
    }
}
