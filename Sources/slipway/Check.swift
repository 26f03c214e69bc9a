import ArgumentParser
import BuildSpec
import Platform
import YAMLSchema

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate buildspec files; prints every problem as file:line:column and exits 1 if any is an error.")

    @Argument(help: "Buildspec files to check.")
    var files: [String]

    func run() throws {
        var failed = false
        for file in files {
            let bytes: [UInt8]
            do {
                bytes = try readWholeFile(file)
            } catch {
                say("\(file):1:1: error: cannot read the file: \(error)")
                failed = true
                continue
            }
            let result = BuildSpecLoader.load(bytes: bytes, file: file)
            for diagnostic in result.diagnostics { say(diagnostic.description) }
            if !result.errors.isEmpty { failed = true }
            if result.errors.isEmpty && result.warnings.isEmpty { say("\(file): ok") }
        }
        if failed { throw ExitCode.failure }
    }
}
