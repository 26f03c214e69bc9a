import ArgumentParser
import History
import Intake
import Platform
import SlipwayCore
import SlipwayModel

struct Logs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs", abstract: "Print a run's full log (masked).")

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The run number.")
    var number: Int64

    @Flag(name: .shortAndLong, help: "Keep printing until the run finishes.")
    var follow = false

    func run() throws {
        let settings = try repository.settings()
        let store = try repository.store(settings)
        guard let run = try store.run(number) else {
            throw ValidationError("there is no run #\(number); `slipway history` lists the runs")
        }
        if follow {
            let succeeded = try RunFollower(store: store, output: say, write: writeOut).follow([number])
            if !succeeded { throw ExitCode.failure }
            return
        }
        guard let path = run.logPath, fileExists(path) else {
            let why = run.pruned ? "its files were removed by retention (queue.keep-runs)" : "it is \(run.status.rawValue)"
            throw ValidationError("run #\(number) has no log: \(why)")
        }
        let bytes = try readWholeFile(path)
        bytes.withUnsafeBytes { writeOut($0) }
    }
}
