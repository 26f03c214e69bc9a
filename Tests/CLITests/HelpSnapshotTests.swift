import ArgumentParser
import Foundation
@testable import slipway
import Testing

/// `slipway help` for every command, against the text kept in Snapshots/: a change to the CLI
/// shows up as a diff here. SLIPWAY_RECORD_SNAPSHOTS=1 writes the snapshots anew.
@Suite("CLI: help snapshot")
struct HelpSnapshotTests {
    static let commands: [(name: String, type: any ParsableCommand.Type)] = [
        ("slipway", Slipway.self), ("init", Init.self), ("run", Run.self), ("history", History.self), ("show", Show.self),
        ("logs", Logs.self), ("plan", Plan.self), ("changelog", ChangelogCommand.self), ("worker", Worker.self),
        ("poll", Poll.self), ("queue", Queue.self), ("cancel", Cancel.self), ("retry", Retry.self),
        ("secrets-put", SecretsPut.self),
    ]

    @Test("the help of each command is the one in the snapshot")
    func snapshot() throws {
        let text = Self.commands.map { name, type in
            "=== \(name)\n" + Slipway.helpMessage(for: type, columns: 100)
        }.joined(separator: "\n")
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/help.txt").path
        if ProcessInfo.processInfo.environment["SLIPWAY_RECORD_SNAPSHOTS"] == "1" {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let stored = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == stored, "the CLI's help changed: look at the diff, then record with SLIPWAY_RECORD_SNAPSHOTS=1")
    }
}
