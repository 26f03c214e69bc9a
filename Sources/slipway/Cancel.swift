import ArgumentParser
import History
import Platform
import SlipwayModel

struct Cancel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a queued or running build (its whole process group is stopped; status STOPPED).")

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The run number.")
    var number: Int64

    @Option(help: "Seconds to wait for a running build to stop.")
    var wait = 30

    func run() throws {
        let settings = try repository.settings()
        let store = try repository.store(settings)
        let before = try store.requestCancel(number)
        guard before.status == .inProgress else {
            say("slipway: run #\(number) cancelled before it started (STOPPED)")
            return
        }
        say("slipway: asked run #\(number) to stop")
        let deadline = Clock.monotonicMilliseconds() + Int64(wait) * 1000
        while Clock.monotonicMilliseconds() < deadline {
            if let run = try store.run(number), run.status.isFinished {
                say("slipway: run #\(number) \(run.status.rawValue)")
                return
            }
            Clock.sleep(milliseconds: 100)
        }
        say("slipway: run #\(number) has not stopped yet; its worker stops it within seconds (see `slipway queue`)")
    }
}
