import ArgumentParser
import History
import Platform
import Settings
import SlipwayCore
import SlipwayModel

struct Queue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: "List queued and running builds (running ones with their worker's pid).")

    @OptionGroup var repository: RepositoryOptions

    @Flag(help: "Print a JSON array.")
    var json = false

    func run() throws {
        let settings = try repository.settingsForReading()
        let runs = try repository.store(settings).activeRuns()
        if json {
            say(try RunListing.json(runs))
        } else if runs.isEmpty {
            say("the queue is empty")
        } else {
            for run in runs { say(RunListing.line(run)) }
            let server: ServerSettings
            do {
                server = try ServerSettings.load()
            } catch {
                // The queue is still worth seeing; only the slot line needs the server's file.
                return printError("slipway: warning: the server configuration could not be read, so build slots are not shown: \(error)")
            }
            let slots = BuildSlots(settings: server)
            if runs.contains(where: { $0.status == .queued }), slots.inUse() >= slots.count {
                say("waiting for a build slot: all \(slots.count) of this server's slots are in use (max-builds in \(ServerSettings.path(environment: ProcessEnvironment.current())))")
            }
        }
    }
}
