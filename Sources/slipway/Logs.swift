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
        let file = try FileDescriptor.open(path, flags: O_RDONLY | O_CLOEXEC)
        defer { file.close() }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(file.raw, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw SystemError("read", path) }
            if count == 0 { break }
            chunk.withUnsafeBytes { output.write(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        output.finish()
    }
}

#if canImport(Glibc)
import Glibc
#endif
