import ArgumentParser
import History
import Intake
import Platform
import SlipwayCore
import SlipwayModel

struct Logs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs", abstract: "Print a run's full log (masked).",
        discussion: "On a terminal, escape sequences and control characters in the log are not printed; --raw prints them.")

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The run number.")
    var number: Int64

    @Flag(name: .shortAndLong, help: "Keep printing until the run finishes.")
    var follow = false

    @Flag(help: "Print the log's bytes as stored, escape sequences included, even on a terminal.")
    var raw = false

    func run() throws {
        let settings = try repository.settingsForReading()
        let store = try repository.store(settings)
        guard let run = try store.run(number) else {
            throw ValidationError("there is no run #\(number); `slipway history` lists the runs")
        }
        let output = TerminalSafeOutput(raw: raw)
        if follow {
            let succeeded = try RunFollower(store: store, output: say, write: output.write).follow([number])
            output.finish()
            if !succeeded { throw ExitCode.failure }
            return
        }
        guard let path = run.logPath, fileExists(path) else {
            let why = run.pruned ? "its files were removed by retention (queue.keep-runs)" : "it is \(run.status.rawValue)"
            throw ValidationError("run #\(number) has no log: \(why)")
        }
        // In pieces: a log may hold up to logs.max-size (1 GiB by default).
        var position: Int64 = 0
        try copyFile(path, from: &position, to: output.write)
        output.finish()
    }
}
