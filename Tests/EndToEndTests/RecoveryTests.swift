import History
import Platform
import SlipwayModel
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Never lose a push: crashes, cancels and retries", .serialized)
struct RecoveryTests {
    @Test("kill -9 of the worker mid-build: the run is INTERRUPTED with its log, its report (custom template), git note and failure webhook, queued again, and succeeds; nothing survives")
    func killedWorker() throws {
        let scratch = ScratchDirectory("kill9-hooks")
        let receiver = try WebhookReceiver(scratch: scratch)
        let template = try scratch.write("report.mustache", "CUSTOM REPORT {{number}} {{status}}\n{{failure}}\n")
        let fixture = try PushFixture("kill9", config: """
            branches: [main]
            build: {isolation: none}
            report-template: \(template)
            notify:
              webhooks:
                - {url: "http://127.0.0.1:\(receiver.port)/failures", on: failure}
            """)
        let flag = fixture.scratch.file("first-attempt")
        let sleeperPid = fixture.scratch.file("sleeper.pid")
        try fixture.commit("feat: slow first time", files: ["buildspec.yml": """
            version: 0.2
            phases:
              build:
                commands:
                  - echo attempt-started
                  - |
                    if [ ! -f \(flag) ]; then
                      touch \(flag)
                      sleep 120 & echo $! > \(sleeperPid)
                      wait
                    fi
                  - echo attempt-finished
            """])
        try fixture.push()
        let store = try fixture.store()
        let deadline = Clock.monotonicMilliseconds() + 30_000
        var running: RunRecord?
        while Clock.monotonicMilliseconds() < deadline {
            if let run = try store.run(1), run.status == .inProgress, fileExists(sleeperPid) { running = run; break }
            Clock.sleep(milliseconds: 50)
        }
        let run = try #require(running)
        let worker = try #require(run.workerPid)
        let sleeper = try #require(Int32(try readTextFile(sleeperPid).filter { !$0.isNewline }))
        #expect(ProcessGroups.isRunning(sleeper))
        #expect(kill(worker, SIGKILL) == 0)
        Clock.sleep(milliseconds: 1800)
        #expect(!ProcessGroups.isRunning(sleeper), "the build's processes die with their worker")
        let result = try SlipwayBinaries.run(["worker", "--repo", fixture.bare])
        #expect(result.outputText.contains("run #1 INTERRUPTED"))
        #expect(result.outputText.contains("queued again as #2"))
        let runs = try fixture.waitForRuns(2)
        #expect(runs.map(\.status) == [.interrupted, .succeeded])
        #expect(runs[1].retryOf == 1 && runs[1].attempt == 2 && runs[1].newSha == runs[0].newSha)
        let log = try fixture.log(runs[0])
        #expect(log.contains("attempt-started"), "the interrupted run keeps its log")
        #expect(log.contains("Build interrupted: its worker (pid \(worker)) died"))
        let report = try fixture.report(runs[0])
        #expect(report.hasPrefix("CUSTOM REPORT 1 INTERRUPTED\nThe build was interrupted: its worker (pid \(worker)) died"), "\(report)")
        try git("fetch", "-q", "origin", "refs/notes/slipway:refs/notes/slipway", in: fixture.clone)
        // Both runs built the same commit: the notes ref's history keeps the interrupted run's note.
        let notes = try git("log", "-p", "--format=", "refs/notes/slipway", in: fixture.clone)
        #expect(notes.contains("+CUSTOM REPORT 1 INTERRUPTED"), "\(notes)")
        #expect(notes.contains("+CUSTOM REPORT 2 SUCCEEDED"))
        let posts = try receiver.requests()
        #expect(posts.count == 1, "on: failure fires for the INTERRUPTED run only, not for the retry that succeeded")
        #expect(posts.first?.body.contains("\"status\": \"INTERRUPTED\"") == true, "\(posts.first?.body ?? "")")
        #expect(try fixture.log(runs[0]).contains("Notification: Webhook http://127.0.0.1:\(receiver.port)/… notified (HTTP 200)"))
        #expect(try fixture.log(runs[1]).contains("attempt-finished"))
        #expect(ProcessGroups.processes(withEnvironmentEntry: "SLIPWAY_RUN_TOKEN=\(runs[0].buildId)").isEmpty)
    }

    @Test("slipway cancel stops a running build and its whole process group")
    func cancelRunning() throws {
        // The build talks to the test through host files and host pids: it runs unisolated.
        let fixture = try PushFixture("cancel", config: "branches: [main]\nbuild: {isolation: none}\n")
        let pidFile = fixture.scratch.file("child.pid")
        try fixture.commit("feat: long", files: ["buildspec.yml": """
            version: 0.2
            phases:
              build:
                commands:
                  - sleep 120 & echo $! > \(pidFile); wait
            """])
        try fixture.push()
        let deadline = Clock.monotonicMilliseconds() + 30_000
        while !fileExists(pidFile) && Clock.monotonicMilliseconds() < deadline { Clock.sleep(milliseconds: 50) }
        let queue = try SlipwayBinaries.run(["queue", "--repo", fixture.bare])
        #expect(queue.outputText.contains("#1  main"))
        #expect(queue.outputText.contains("IN_PROGRESS"))
        #expect(queue.outputText.contains("worker pid"))
        let cancel = try SlipwayBinaries.run(["cancel", "1", "--repo", fixture.bare])
        #expect(cancel.outputText.contains("slipway: run #1 STOPPED"))
        let child = try #require(Int32(try readTextFile(pidFile).filter { !$0.isNewline }))
        #expect(!ProcessGroups.isRunning(child))
        #expect(try fixture.store().phases(of: 1).first { $0.name == "BUILD" }?.status == "STOPPED")
    }

    @Test("slipway retry queues the same SHA again as a new run, and the branch tip is not queued twice by poll")
    func retry() throws {
        let fixture = try PushFixture("retry")
        let sha = try fixture.commit("feat: flaky", files: ["buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - echo once\n"])
        try fixture.push()
        try fixture.waitForRuns(1)
        let retried = try SlipwayBinaries.run(["retry", "1", "--repo", fixture.bare])
        #expect(retried.outputText.contains("queued build #2 for main at \(sha.prefix(7)) (retry of #1)"))
        let runs = try fixture.waitForRuns(2)
        #expect(runs[1].trigger == .retry && runs[1].retryOf == 1 && runs[1].newSha == sha && runs[1].status == .succeeded)
        let poll = try SlipwayBinaries.run(["poll", "--repo", fixture.bare])
        #expect(!poll.outputText.contains("queued build"))
    }

    @Test("cancel-running: a newer push stops the running build of the branch")
    func cancelRunningPolicy() throws {
        // The build talks to the test through host files and host pids: it runs unisolated.
        let fixture = try PushFixture("cancelrunning", config: "branches: [main]\nqueue:\n  cancel-running: true\nbuild: {isolation: none}\n")
        let started = fixture.scratch.file("started")
        try fixture.commit("feat: slow", files: ["buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - touch \(started); sleep 60\n"])
        try fixture.push()
        let deadline = Clock.monotonicMilliseconds() + 30_000
        while !fileExists(started) && Clock.monotonicMilliseconds() < deadline { Clock.sleep(milliseconds: 50) }
        let newer = try fixture.commit("feat: fast", files: ["buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - echo fast\n"])
        let output = try fixture.push()
        #expect(output.contains("asked running build #1 to stop (cancel-running)"))
        let runs = try fixture.waitForRuns(2)
        #expect(runs.map(\.status) == [.stopped, .succeeded])
        #expect(runs[1].newSha == newer)
    }

    @Test("queue.wait makes the push wait and show the build's output and result")
    func waitMode() throws {
        let fixture = try PushFixture("wait", config: "branches: [main]\nqueue:\n  wait: true\n")
        try fixture.commit("feat: visible", files: ["buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - echo visible-to-pusher\n"])
        let output = try fixture.push()
        #expect(output.contains("visible-to-pusher"))
        #expect(output.contains("slipway: build #1 SUCCEEDED"))
    }

    @Test("retention keeps the newest runs per branch and prunes older files")
    func retention() throws {
        let fixture = try PushFixture("retention", config: "branches: [main]\nqueue:\n  keep-runs: 2\n")
        try fixture.commit("feat: 1", files: ["buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - echo hi\n"])
        for index in 2...4 {
            try fixture.push()
            try fixture.waitForRuns(index - 1)
            try fixture.commit("feat: \(index)", allowEmpty: true)
        }
        let runs = try fixture.waitForRuns(3)
        #expect(runs.map(\.pruned) == [true, false, false])
        #expect(!fileExists(try unwrap(runs[0].logPath, "log")))
        #expect(!fileExists(try unwrap(runs[0].reportPath, "report")))
        #expect(!fileExists(try unwrap(runs[0].workDir, "work dir")))
        #expect(fileExists(try unwrap(runs[2].reportPath, "report")))
        let show = try SlipwayBinaries.run(["show", "1", "--repo", fixture.bare])
        #expect(show.errorText.contains("removed by retention"))
    }
}
