import ArgumentParser
import History
import Platform
import SlipwayModel

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a run's Markdown report.",
        discussion: "On a terminal, escape sequences and control characters are not printed; --raw prints them.")

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The run number.")
    var number: Int64

    @Flag(help: "Print the report's bytes as stored, even on a terminal.")
    var raw = false

    func run() throws {
        let settings = try repository.settingsForReading()
        guard let run = try repository.store(settings).run(number) else {
            throw ValidationError("there is no run #\(number); `slipway history` lists the runs")
        }
        guard let path = run.reportPath, fileExists(path) else {
            let why = run.pruned ? "its files were removed by retention (queue.keep-runs)" : "it is \(run.status.rawValue)"
            throw ValidationError("run #\(number) has no report: \(why)")
        }
        let output = TerminalSafeOutput(raw: raw)
        output.write(try readTextFile(path))
        output.finish()
    }
}
