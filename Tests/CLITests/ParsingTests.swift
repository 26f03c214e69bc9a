import ArgumentParser
import Foundation
@testable import slipway
import Testing

/// The command line as users type it, parsed the way the binary parses it.
@Suite("CLI: parsing")
struct ParsingTests {
    @Test("history takes --branch, --limit, --json and --repo")
    func history() throws {
        let command = try #require(try Slipway.parseAsRoot(["history", "--branch", "main", "--limit", "5", "--json", "--repo", "/srv/git/app.git"])
            as? History)
        #expect(command.branch == "main" && command.limit == 5 && command.json)
        #expect(command.repository.repo == "/srv/git/app.git")
    }

    @Test("defaults: history lists 50 runs as text; cancel waits 30 s")
    func defaults() throws {
        let history = try #require(try Slipway.parseAsRoot(["history"]) as? History)
        #expect(history.limit == 50 && !history.json && history.branch == nil && history.repository.repo == nil)
        let cancel = try #require(try Slipway.parseAsRoot(["cancel", "7"]) as? Cancel)
        #expect(cancel.number == 7 && cancel.wait == 30)
    }

    @Test("run needs --branch; --commit is optional")
    func run() throws {
        let command = try #require(try Slipway.parseAsRoot(["run", "--branch", "main", "--commit", "abc123"]) as? Run)
        #expect(command.branch == "main" && command.commit == "abc123")
        #expect(throws: (any Error).self) { try Slipway.parseAsRoot(["run"]) }
        let message = Slipway.message(for: CLIError.capture { try Slipway.parseAsRoot(["run"]) })
        #expect(message.contains("Missing expected argument '--branch <branch>'"), "\(message)")
    }

    @Test("logs -f follows; show and logs need a run number that is a number")
    func runNumbers() throws {
        let logs = try #require(try Slipway.parseAsRoot(["logs", "12", "-f"]) as? Logs)
        #expect(logs.number == 12 && logs.follow)
        let message = Slipway.message(for: CLIError.capture { try Slipway.parseAsRoot(["show", "twelve"]) })
        #expect(message.contains("The value 'twelve' is invalid for '<number>'"), "\(message)")
    }

    @Test("nested commands: secrets put resolves to its own type")
    func nested() throws {
        let put = try #require(try Slipway.parseAsRoot(["secrets", "put", "/app/db/password", "--keep-newline"]) as? SecretsPut)
        #expect(put.name == "/app/db/password" && put.keepNewline)
    }

    @Test("an unknown command or option says so")
    func unknown() {
        let command = Slipway.message(for: CLIError.capture { try Slipway.parseAsRoot(["deploy"]) })
        #expect(command.contains("Unexpected argument 'deploy'"), "\(command)")
        let option = Slipway.message(for: CLIError.capture { try Slipway.parseAsRoot(["history", "--colour"]) })
        #expect(option.contains("Unknown option '--colour'"), "\(option)")
    }
}

/// The error a parse threw.
enum CLIError {
    static func capture(_ body: () throws -> Any) -> any Error {
        do {
            _ = try body()
            return CancellationError()
        } catch {
            return error
        }
    }
}
