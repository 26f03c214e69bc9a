import History
import Platform
import SlipwayModel
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Push B (slow), `kill -9` its worker mid-build, push C: what recovery does with B.
private func interruptThenPush(_ label: String, mode: String) throws -> (PushFixture, [RunRecord]) {
    // The build talks to the test through host files and host pids: it runs unisolated.
    let fixture = try PushFixture(label, config: "branches: [main]\nbuild: {isolation: none}\nqueue:\n  mode: \(mode)\n")
    let flag = fixture.scratch.file("first-attempt"), sleeper = fixture.scratch.file("sleeper.pid")
    try fixture.commit("feat: b, slow the first time", files: ["buildspec.yml": """
        version: 0.2
        phases:
          build:
            commands:
              - if [ ! -f \(flag) ]; then touch \(flag); sleep 120 & echo $! > \(sleeper); wait; fi
              - echo built-b
        """])
    try fixture.push()
    let store = try fixture.store()
    let deadline = Clock.monotonicMilliseconds() + 30_000
    var running: RunRecord?
    while Clock.monotonicMilliseconds() < deadline {
        if let run = try store.run(1), run.status == .inProgress, fileExists(sleeper) { running = run; break }
        Clock.sleep(milliseconds: 50)
    }
    let started = try #require(running)
    let worker = try #require(started.workerPid)
    #expect(kill(worker, SIGKILL) == 0)
    Clock.sleep(milliseconds: 1500)
    try fixture.commit("fix: c", files: ["buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - echo built-c\n"])
    try fixture.push()
    return (fixture, try fixture.waitForRuns(3))
}

@Suite("History never goes backwards after a crash (issue 15 §1)", .serialized)
struct CrashOrderTests {
    @Test("supersede: the interrupted B is not built after the newer C; its retry is SUPERSEDED and nobody reports a force-push")
    func supersede() throws {
        let (fixture, runs) = try interruptThenPush("crash-supersede", mode: "supersede")
        #expect(runs.map(\.status) == [.interrupted, .succeeded, .superseded], "\(runs.map(\.status))")
        #expect(runs[2].retryOf == 1 && runs[2].supersededBy == 2 && runs[2].trigger == .requeue)
        let report = try fixture.report(runs[1])
        #expect(!report.contains("force-push") && !report.contains("rewritten"), "\(report)")
        #expect(try fixture.report(runs[0]).contains("It is not built again: run #2 is a newer push of main."))
        let changelog = try readTextFile(fixture.bare + "/slipway/reports/branches/main/CHANGELOG.md")
        #expect(!changelog.contains("force-push") && !changelog.contains("rewritten"))
    }

    @Test("queue: the interrupted B keeps its place and builds before C; nobody reports a force-push")
    func queue() throws {
        let (fixture, runs) = try interruptThenPush("crash-queue", mode: "queue")
        #expect(runs.map(\.status) == [.interrupted, .succeeded, .succeeded], "\(runs.map(\.status))")
        let retry = try #require(runs.first { $0.retryOf == 1 }), c = runs[1]
        let retryStart = try #require(retry.startedAt), cStart = try #require(c.startedAt)
        #expect(retryStart <= cStart, "B's retry starts before C")
        #expect(try fixture.log(retry).contains("built-b") && (try fixture.log(c)).contains("built-c"))
        for run in [retry, c] {
            let report = try fixture.report(run)
            #expect(!report.contains("force-push") && !report.contains("rewritten"), "\(report)")
        }
    }
}
