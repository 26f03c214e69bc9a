import History
import Platform
import SlipwayModel
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

private func mode(_ path: String) throws -> mode_t {
    var info = stat()
    guard lstat(path, &info) == 0 else { throw TestFailure("no \(path)") }
    return info.st_mode & 0o7777
}

@Suite("Slipway's files are private (issue 15 §9)")
struct PermissionTests {
    @Test("the database, its -wal and -shm, logs and reports are 0600 in 0700 directories; loose modes are tightened with a warning")
    func privateState() throws {
        let fixture = try PushFixture("perms", config: "branches: [main]\n")
        let state = fixture.bare + "/slipway"
        let database = state + "/history.sqlite"
        // As a tmpfs or an older version might have left them.
        #expect(chmod(state, 0o1777) == 0 && chmod(database, 0o644) == 0)
        let history = try SlipwayBinaries.run(["history", "--repo", fixture.bare])
        #expect(history.errorText.contains("\(state) had mode 1777; tightened to 700"), "\(history.errorText)")
        #expect(history.errorText.contains("\(database) had mode 644; tightened to 600"))
        try fixture.commit("feat: x", files: ["buildspec.yml": Buildspecs.passing])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(try mode(state) == 0o700)
        // SQLite removes -wal and -shm when the last connection closes: look while one is open.
        let store = try fixture.store()
        _ = try store.allRuns()
        for file in [database, database + "-wal", database + "-shm"] {
            #expect(try mode(file) == 0o600, "\(file)")
        }
        let report = try #require(run.reportPath)
        let reportMode = try mode(report), folderMode = try mode(parentDirectory(report))
        #expect(reportMode == 0o600, "\(String(reportMode, radix: 8))")
        #expect(folderMode == 0o700, "\(String(folderMode, radix: 8))")
        #expect(try mode(try #require(run.logPath)) == 0o600)
        let again = try SlipwayBinaries.run(["history", "--repo", fixture.bare])
        #expect(!again.errorText.contains("tightened"), "nothing left to tighten: \(again.errorText)")
    }
}

@Suite("slipway.yml values that used to crash the worker (issue 15 §7)")
struct ConfigurationCrashTests {
    @Test("an overflowing timeout stops the worker with file:line, not SIGILL, and the push is told")
    func overflowingTimeout() throws {
        let fixture = try PushFixture("overflow", config: "branches: [main]\ntimeout: 153722867280912930\n")
        try fixture.commit("feat: x", files: ["buildspec.yml": Buildspecs.passing])
        let push = try runCommand("git", ["push", "origin", "HEAD:refs/heads/main"], in: fixture.clone)
        #expect(push.succeeded, "a broken slipway.yml never refuses the push")
        #expect(push.errorText.contains("slipway.yml:2:10: error: 'timeout' must be at most 36h"), "\(push.errorText)")
        let worker = try SlipwayBinaries.run(["worker", "--repo", fixture.bare])
        #expect(!worker.succeeded && worker.errorText.contains("slipway.yml:2:10: error: 'timeout' must be at most 36h"), "\(worker.errorText)")
    }
}
