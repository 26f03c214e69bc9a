import History
import Platform
import SlipwayModel
#if canImport(Glibc)
import Glibc
#endif

/// A bare repository set up with `slipway init` (the real binary), plus a clone that pushes
/// to it with the real git client.
package final class PushFixture: @unchecked Sendable {
    package let scratch: ScratchDirectory
    /// The bare repository (the server side).
    package let bare: String
    /// The developer's clone.
    package let clone: String
    /// The state directory (`paths.state`), when slipway.yml moves it.
    package var state: String

    /// Creates the repository; `config` replaces slipway.yml when given.
    package init(_ label: String = "e2e", config: String? = nil, branch: String = "main") throws {
        scratch = ScratchDirectory(label)
        bare = scratch.file("app.git")
        clone = scratch.file("clone")
        state = bare + "/slipway"
        try git("init", "-q", "--bare", "-b", branch, bare, in: scratch.path)
        let initialized = try SlipwayBinaries.run(["init", "--repo", bare])
        guard initialized.succeeded else { throw TestFailure("slipway init failed: \(initialized.errorText)") }
        if let config { try writeTextFileAtomically(bare + "/slipway.yml", config) }
        try git("init", "-q", "-b", branch, clone, in: scratch.path)
        try git("remote", "add", "origin", bare, in: clone)
    }

    /// Writes files into the clone.
    package func write(_ files: [String: String]) throws {
        for (name, text) in files {
            let path = clone + "/" + name
            try makeDirectories(parentDirectory(path))
            try writeTextFileAtomically(path, text, mode: 0o644)
        }
    }

    /// Writes files and commits them; returns the new commit's SHA.
    @discardableResult
    package func commit(_ message: String, files: [String: String] = [:], allowEmpty: Bool = false) throws -> String {
        try write(files)
        try git("add", "-A", in: clone)
        var arguments = ["commit", "-q", "-m", message]
        if allowEmpty { arguments.append("--allow-empty") }
        try gitArguments(arguments, in: clone)
        return try git("rev-parse", "HEAD", in: clone)
    }

    /// Pushes with the real git client; returns what the hook printed (git's "remote:" lines).
    @discardableResult
    package func push(_ arguments: String...) throws -> String {
        let result = try runCommand("git", ["push"] + (arguments.isEmpty ? ["origin", "HEAD:main"] : arguments), in: clone)
        guard result.succeeded else { throw TestFailure("git push failed: \(result.errorText)") }
        return result.errorText + result.outputText
    }

    /// The history database.
    package func store() throws -> HistoryStore {
        try HistoryStore.open(state + "/history.sqlite")
    }

    /// Waits until `count` runs exist, none is queued or running, and the worker has exited (it
    /// publishes, CHANGELOG.md, webhooks and notes, after recording a run); returns all runs.
    @discardableResult
    package func waitForRuns(_ count: Int, timeoutSeconds: Int = 60) throws -> [RunRecord] {
        let deadline = Clock.monotonicMilliseconds() + Int64(timeoutSeconds) * 1000
        let store = try self.store()
        while Clock.monotonicMilliseconds() < deadline {
            let runs = try store.allRuns()
            if runs.count >= count && runs.allSatisfy({ $0.status.isFinished }) && !FileLock.isHeld(state + "/worker.lock") {
                return runs
            }
            Clock.sleep(milliseconds: 50)
        }
        let runs = try store.allRuns()
        throw TestFailure("timed out waiting for \(count) finished runs; have: "
                          + runs.map { "#\($0.id) \($0.status.rawValue)" }.joined(separator: ", ")
                          + "\nworker log:\n" + ((try? readTextFile(state + "/worker.log")) ?? ""))
    }

    /// A run's log text.
    package func log(_ run: RunRecord) throws -> String {
        try readTextFile(try unwrap(run.logPath, "run #\(run.id) has no log"))
    }

    /// A run's report text.
    package func report(_ run: RunRecord) throws -> String {
        try readTextFile(try unwrap(run.reportPath, "run #\(run.id) has no report"))
    }
}

/// Unwraps an optional or throws a readable test failure.
package func unwrap<T>(_ value: T?, _ message: String) throws -> T {
    guard let value else { throw TestFailure(message) }
    return value
}
