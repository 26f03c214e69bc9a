import Foundation
import History
import Platform
import SlipwayModel
import TestSupport
import Testing

@Suite("Poll: for cron and mirrors", .serialized)
struct PollTests {
    /// A repository whose pushes do not trigger builds (no hook), so only poll queues.
    private func pollOnly(_ label: String) throws -> PushFixture {
        let fixture = try PushFixture(label, config: "branches: ['*']\n")
        try removeTree(fixture.bare + "/hooks/post-receive")
        return fixture
    }

    @Test("poll starts a worker when anything is queued, even when it queued nothing itself (issue 15: a run left QUEUED after a crash)")
    func pollStartsWorkerForQueuedRuns() throws {
        let fixture = try pollOnly("pollqueued")
        try fixture.commit("feat: a", files: ["buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - echo built-by-poll\n"])
        try fixture.push("origin", "HEAD:main")
        // Queued with no worker: what a crash or a reboot leaves behind.
        #expect(try SlipwayBinaries.run(["poll", "--no-worker", "--repo", fixture.bare]).outputText.contains("queued build #1"))
        #expect(try fixture.store().allRuns().map(\.status) == [.queued])
        let again = try SlipwayBinaries.run(["poll", "--repo", fixture.bare])
        #expect(!again.outputText.contains("queued build"), "nothing new to queue")
        let run = try #require(try fixture.waitForRuns(1).first)
        let log = try fixture.log(run)
        #expect(run.status == .succeeded && log.contains("built-by-poll"))
    }

    @Test("two polls started together: exactly one queues")
    func overlappingPolls() throws {
        let fixture = try pollOnly("twopolls")
        try fixture.commit("feat: a", files: ["buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - echo hi\n"])
        for name in ["main", "one", "two", "three"] { try fixture.push("origin", "HEAD:refs/heads/\(name)") }
        let first = fixture.scratch.file("poll1.out")
        let second = fixture.scratch.file("poll2.out")
        let command = "\(shellQuote(SlipwayBinaries.slipway)) poll --no-worker --repo \(shellQuote(fixture.bare))"
        try runCommand("/bin/sh", ["-c", "\(command) > \(first) 2>&1 & \(command) > \(second) 2>&1 & wait"])
        let outputs = [try readTextFile(first), try readTextFile(second)]
        let queuedCounts = outputs.map { $0.components(separatedBy: "queued build #").count - 1 }
        #expect(queuedCounts.sorted() == [0, 4], "one poll queues all four branches, the other none: \(outputs)")
        #expect(try fixture.store().allRuns().count == 4)
    }

    @Test("poll sees new branches, moves, force-pushes and deletions")
    func forcePushAndDeletion() throws {
        let fixture = try pollOnly("pollforce")
        let spec = ["buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - echo hi\n"]
        try fixture.commit("feat: base", files: spec)
        let dropped = try fixture.commit("feat: will be dropped", allowEmpty: true)
        try fixture.push("origin", "HEAD:main", "HEAD:refs/heads/topic")
        var poll = try SlipwayBinaries.run(["poll", "--no-worker", "--repo", fixture.bare])
        #expect(poll.outputText.contains("queued build #1 for main at \(dropped.prefix(7))"))
        #expect(poll.outputText.contains("queued build #2 for topic at \(dropped.prefix(7))"))
        poll = try SlipwayBinaries.run(["poll", "--no-worker", "--repo", fixture.bare])
        #expect(!poll.outputText.contains("queued"), "nothing new, nothing queued")

        try git("reset", "-q", "--hard", "HEAD~1", in: fixture.clone)
        let rewritten = try fixture.commit("feat: rewritten", allowEmpty: true)
        try fixture.push("--force", "origin", "HEAD:main", ":refs/heads/topic")
        poll = try SlipwayBinaries.run(["poll", "--no-worker", "--repo", fixture.bare])
        #expect(poll.outputText.contains("main was force-pushed: \(dropped.prefix(7)) is not an ancestor of \(rewritten.prefix(7))"))
        #expect(poll.outputText.contains("queued build #3 for main at \(rewritten.prefix(7))"))
        #expect(poll.outputText.contains("refs/heads/topic was deleted; nothing to build"))
        let runs = try fixture.store().allRuns()
        #expect(runs.count == 3)
        #expect(runs[2].oldSha == dropped)
        // The first two were queued without a worker; the third superseded main's queued run.
        #expect(runs[0].status == .superseded && runs[0].supersededBy == 3)
    }

    @Test("poll --fetch follows a repository that lives elsewhere")
    func fetchRemote() throws {
        let upstream = try PushFixture("upstream")
        let sha = try upstream.commit("feat: elsewhere", files: ["buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - echo mirrored\n"])
        try upstream.push("origin", "HEAD:refs/heads/elsewhere")
        let mirror = upstream.scratch.file("mirror.git")
        try git("init", "-q", "--bare", mirror, in: upstream.scratch.path)
        try writeTextFileAtomically(mirror + "/slipway.yml", "branches: [elsewhere]\n")
        let poll = try SlipwayBinaries.run(["poll", "--fetch", upstream.bare, "--repo", mirror])
        #expect(poll.outputText.contains("queued build #1 for elsewhere at \(sha.prefix(7))"))
        let store = try HistoryStore.open(mirror + "/slipway/history.sqlite")
        let deadline = Clock.monotonicMilliseconds() + 30_000
        while Clock.monotonicMilliseconds() < deadline, try store.run(1)?.status.isFinished != true { Clock.sleep(milliseconds: 50) }
        #expect(try store.run(1)?.status == .succeeded)
    }
}
