import ArgumentParser
import SlipwayCore

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List runs, newest first.")

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "Only this branch.")
    var branch: String?

    @Option(help: "How many runs to show.")
    var limit = 50

    @Flag(help: "Print a JSON array (number, branch, sha, status, report, ...).")
    var json = false

    func run() throws {
        let settings = try repository.settings()
        let runs = try repository.store(settings).runs(branch: branch, limit: limit)
        if json {
            say(try RunListing.json(runs))
        } else if runs.isEmpty {
            say("no runs yet\(branch.map { " on \($0)" } ?? "")")
        } else {
            for run in runs { say(RunListing.line(run)) }
        }
    }
}
