import ArgumentParser
import History
import SlipwayCore

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List runs, newest first.")

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "Only this branch.")
    var branch: String?

    @Option(help: "How many runs to show.")
    var limit = 50

    @Flag(help: "Print a JSON array (number, branch, sha, status, report, images, ...).")
    var json = false

    func run() throws {
        let settings = try repository.settingsForReading()
        let store = try repository.store(settings)
        let runs = try store.runs(branch: branch, limit: limit)
        if json {
            say(try RunListing.json(runs) { try store.images(of: $0.id) })
        } else if runs.isEmpty {
            say("no runs yet\(branch.map { " on \($0)" } ?? "")")
        } else {
            for run in runs { say(RunListing.line(run)) }
        }
    }
}
