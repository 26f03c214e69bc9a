import Foundation
import History
import Platform
import SlipwayModel
import TestSupport
import Testing

/// A tmpfs of `megabytes` mounted for the test (the real thing: the kernel's ENOSPC), unmounted
/// when it goes. Mounting needs root, as these test machines run; elsewhere the test fails
/// with that reason rather than pretending.
private final class SmallFilesystem {
    let path: String

    init(_ path: String, megabytes: Int) throws {
        self.path = path
        try makeDirectories(path)
        let mounted = try runCommand("mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0700", "tmpfs", path])
        guard mounted.succeeded else {
            throw TestFailure("a small tmpfs could not be mounted at \(path) (this test needs root): \(mounted.errorText)")
        }
    }

    deinit {
        _ = try? runCommand("umount", ["-l", path])
    }
}

/// Issue 15 §2: a full state filesystem, and the per-run log cap.
@Suite("A full disk ends a run truthfully; logs.max-size caps a log", .serialized)
struct DiskFullTests {
    private static let spec = """
        version: 0.2
        phases:
          build:
            commands:
              - if [ -f big ]; then head -c 40000000 /dev/zero | tr '\\0' x | fold -w 100; fi
              - echo built
        """

    @Test("a build whose log fills the state filesystem is FAULT, recorded, its log marked; the worker stops cleanly; after space is freed the next push builds")
    func fullStateFilesystem() throws {
        let scratch = ScratchDirectory("diskfull")
        let disk = try SmallFilesystem(scratch.file("state"), megabytes: 24)
        let fixture = try PushFixture("diskfull", config: "branches: [main]\nqueue: {mode: queue}\npaths:\n  state: \(disk.path)\n")
        fixture.state = disk.path
        // Other data on the same filesystem: what an admin frees afterwards.
        let other = disk.path + "/other-data"
        #expect(try runCommand("dd", ["if=/dev/zero", "of=\(other)", "bs=1M", "count=10", "status=none"]).succeeded)
        try fixture.commit("feat: prints 40 MB", files: ["buildspec.yml": Self.spec, "big": "x\n"])
        try fixture.push()
        let first = try #require(try fixture.waitForRuns(1).first)
        try runCommand("git", ["rm", "-q", "big"], in: fixture.clone)
        try fixture.commit("fix: quiet again")
        try fixture.push()
        Clock.sleep(milliseconds: 1500)

        #expect(first.status == .fault, "recorded, not left IN_PROGRESS or called INTERRUPTED")
        let error = try #require(first.error)
        #expect(error.hasPrefix("no space left on the filesystem of \(disk.path)/logs/1.log (No space left on device): this run's log had "), "\(error)")
        #expect(error.contains("Free space there"))
        let log = try fixture.log(first)
        let lines = log.split(separator: "\n")
        #expect(lines.suffix(2).first?.contains("Log truncated: no space left on the filesystem of \(disk.path)/logs/1.log") == true, "\(lines.suffix(3))")
        #expect(lines.last?.hasSuffix("Build complete: FAULT") == true)
        #expect(try fixture.report(first).contains("FAULT"))
        let runs = try fixture.store().allRuns()
        #expect(runs.map(\.status) == [.fault, .queued], "the next push waits, queued, and nothing was queued again")
        #expect(!FileLock.isHeld(disk.path + "/worker.lock"), "the worker exited")
        #expect(try readTextFile(disk.path + "/worker.log").contains("not starting more builds: "))

        try removeTree(other)
        try fixture.commit("feat: after the cleanup", allowEmpty: true)
        try fixture.push()
        let after = try fixture.waitForRuns(3)
        #expect(after.map(\.status) == [.fault, .succeeded, .succeeded], "\(after.map { $0.error ?? "" })")
        #expect(after.count == 3)
        withExtendedLifetime(disk) {}
    }

    @Test("logs.max-size: the log stops at the cap with a truncation line, the build goes on and the report says so")
    func logSizeCap() throws {
        let fixture = try PushFixture("logcap", config: "branches: [main]\nlogs:\n  max-size: 256KiB\n")
        try fixture.commit("feat: loud", files: ["buildspec.yml": Self.spec, "big": "x\n"])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .succeeded, "the cap is not a failure: \(run.error ?? "")")
        let path = try #require(run.logPath)
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_size > 256 * 1024 && info.st_size < 256 * 1024 + 1024,
                "the log holds exactly the cap, then the notice and the closing lines: \(info.st_size) bytes")
        let log = try fixture.log(run)
        #expect(log.contains("Log truncated: this build's log reached logs.max-size (256.0 KiB); the rest of its output is not kept. The build goes on."))
        #expect(!log.contains("Running command echo built"), "the build's output after the cap is not kept")
        #expect(log.hasSuffix("Build complete: SUCCEEDED\n"), "Slipway's closing lines are: \(log.suffix(600))")
        #expect(try fixture.report(run).contains("the log reached logs.max-size (256.0 KiB)"))
    }
}
