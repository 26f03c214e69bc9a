import Foundation
import History
import Platform
import SlipwayModel
import TestSupport
import Testing

private func object(_ body: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
}

@Suite("Webhook notifications, to a real HTTP server on 127.0.0.1", .serialized)
struct NotificationTests {
    @Test("a webhook gets JSON with the report's Markdown, the changelog and a Slack-compatible text; a 500 is retried")
    func deliversWithRetry() throws {
        let scratch = ScratchDirectory("webhook")
        let receiver = try WebhookReceiver(statuses: [500], scratch: scratch)
        let fixture = try PushFixture("notify", config: """
            branches: [main]
            notify:
              webhooks:
                - url: http://127.0.0.1:\(receiver.port)/hooks/T000/SECRETPATH
                  attempts: 3
            """)
        let sha = try fixture.commit("feat(ui): dark mode", files: ["buildspec.yml": Buildspecs.passing])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        let requests = try receiver.requests()
        #expect(requests.count == 2, "one 500, then a retry")
        #expect(requests.allSatisfy { $0.path == "/hooks/T000/SECRETPATH" && $0.contentType == "application/json" })
        #expect(requests.first?.body == requests.last?.body)
        let body = try object(try #require(requests.last).body)
        let text = try #require(body["text"] as? String)
        #expect(text.hasPrefix("✅ app: run #1 SUCCEEDED on main at \(sha.prefix(7)): feat(ui): dark mode\n"))
        #expect(text.contains("• feat(ui): dark mode (\(sha.prefix(7)))"))
        #expect(body["status"] as? String == "SUCCEEDED" && body["run"] as? Int == 1 && body["succeeded"] as? Bool == true)
        #expect((body["markdown"] as? String)?.hasPrefix("# ✅ Run #1 SUCCEEDED: main at \(sha.prefix(7))") == true)
        #expect((body["changes"] as? String)?.contains("**ui:** dark mode") == true)
        let changelog = try #require(body["changelog"] as? [String: Any])
        let groups = try #require(changelog["groups"] as? [[String: Any]])
        #expect(groups.first?["title"] as? String == "Features")
        let report = try fixture.report(run)
        #expect(report.contains("- Webhook http://127.0.0.1:\(receiver.port)/… is notified once the run is recorded; `slipway logs 1` shows the delivery."))
        #expect((body["markdown"] as? String) == report, "the webhook carries the report as written, rendered once")
        let log = try fixture.log(run)
        #expect(log.contains(" Notification: Webhook http://127.0.0.1:\(receiver.port)/… notified (HTTP 200, attempt 2 of 3)."))
        #expect(!report.contains("SECRETPATH") && !log.contains("SECRETPATH"), "webhook paths are often tokens: never in the report or log")
    }

    @Test("a dead webhook never fails the build and the report says so; on: failure is called only for failures; a 400 is not retried")
    func failuresAreReported() throws {
        let scratch = ScratchDirectory("webhookfail")
        let onFailure = try WebhookReceiver(statuses: [400], scratch: scratch)
        let dead = try freeLoopbackPort()
        let fixture = try PushFixture("notifyfail", config: """
            branches: [main]
            notify:
              webhooks:
                - {url: "http://127.0.0.1:\(dead)/dead", attempts: 2}
                - {url: "http://127.0.0.1:\(onFailure.port)/failures", on: failure}
            """)
        try fixture.commit("feat: works", files: ["buildspec.yml": Buildspecs.passing])
        try fixture.push()
        let good = try #require(try fixture.waitForRuns(1).first)
        #expect(good.status == .succeeded)
        let goodLog = try fixture.log(good)
        #expect(goodLog.contains("Notification: Webhook http://127.0.0.1:\(dead)/… failed after 2 attempts: "), "\(goodLog)")
        #expect(goodLog.contains("The build's result is unchanged."))
        #expect(!(try fixture.report(good)).contains("/failures"), "a webhook that does not fire is not announced")
        #expect(try onFailure.requests().isEmpty)

        try fixture.commit("fix: breaks", files: ["buildspec.yml": Buildspecs.failing])
        try fixture.push()
        let bad = try #require(try fixture.waitForRuns(2).last)
        #expect(bad.status == .failed)
        let requests = try onFailure.requests()
        #expect(requests.count == 1, "a 400 is not retried")
        #expect(try object(try #require(requests.first).body)["status"] as? String == "FAILED")
        #expect(try fixture.log(bad).contains("refused the notification: HTTP 400"))
    }

    @Test("a webhook URL kept as a secret is used but never shown, and secrets in commit messages are masked in every publication")
    func secretsStaySecret() throws {
        let scratch = ScratchDirectory("webhooksecret")
        let receiver = try WebhookReceiver(scratch: scratch)
        let fixture = try PushFixture("notifysecret", config: """
            branches: [main]
            secrets:
              allow: ["/ci/*"]
            notify:
              webhooks:
                - url-secret: /hooks/chat
            """)
        try SlipwayBinaries.run(["secrets", "put", "/hooks/chat", "--repo", fixture.bare],
                                input: "http://127.0.0.1:\(receiver.port)/services/TOKEN-abc123")
        try SlipwayBinaries.run(["secrets", "put", "/ci/token", "--repo", fixture.bare], input: "tok-9f8e7d6c5b")
        let spec = "version: 0.2\nenv:\n  parameter-store:\n    TOKEN: /ci/token\nphases:\n  build:\n    commands:\n      - echo ok\n"
        try fixture.commit("fix: rotate tok-9f8e7d6c5b (oops)", files: ["buildspec.yml": spec])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .succeeded, "\(run.error ?? "")")
        let requests = try receiver.requests()
        #expect(requests.map(\.path) == ["/services/TOKEN-abc123"])
        let body = try #require(requests.first).body
        #expect(!body.contains("tok-9f8e7d6c5b") && body.contains("rotate *** (oops)"))
        let report = try fixture.report(run)
        let log = try fixture.log(run)
        #expect(report.contains("Webhook (URL from secret /hooks/chat) is notified once the run is recorded"))
        #expect(log.contains("Notification: Webhook (URL from secret /hooks/chat) notified (HTTP 200)."))
        #expect(!report.contains("TOKEN-abc123") && !report.contains("tok-9f8e7d6c5b"))
        #expect(!log.contains("TOKEN-abc123"))
        #expect(!log.contains("tok-9f8e7d6c5b"), "the 'Checked out <sha> (<subject>)' line is masked with every repository secret")
        let changelog = try readTextFile(fixture.bare + "/slipway/reports/branches/main/CHANGELOG.md")
        #expect(changelog.contains("rotate *** (oops)") && !changelog.contains("tok-9f8e7d6c5b"))
        try git("fetch", "-q", "origin", "refs/notes/slipway:refs/notes/slipway", in: fixture.clone)
        let note = try git("notes", "--ref=slipway", "show", run.newSha, in: fixture.clone)
        #expect(note.contains("rotate *** (oops)") && !note.contains("tok-9f8e7d6c5b"))
    }
}

@Suite("A webhook that never answers (issue 15 §8)", .serialized)
struct SlowWebhookTests {
    @Test("a webhook that accepts and never answers holds no build: the next one starts at once, and delivery ends at notify.deadline")
    func neverAnswers() throws {
        let scratch = ScratchDirectory("slowhook")
        let port = try freeLoopbackPort()
        let script = try scratch.write("silent.py", """
            import socket, sys, time
            server = socket.socket(); server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            server.bind(("127.0.0.1", int(sys.argv[1]))); server.listen(16)
            print("ready", flush=True)
            held = []
            while True:
                connection, _ = server.accept(); held.append(connection)  # read nothing, answer nothing
            """)
        let silent = try BackgroundServer("python3", [script, String(port)])
        #expect(silent.firstLine == "ready")
        let fixture = try PushFixture("slowhook", config: """
            branches: [main]
            queue: {mode: queue}
            notify:
              deadline: 3
              webhooks:
                - {url: "http://127.0.0.1:\(port)/never", attempts: 5, on: [success, failure]}
            """)
        try fixture.commit("feat: one", files: ["buildspec.yml": Buildspecs.passing])
        try fixture.push()
        try fixture.commit("feat: two", files: ["README.md": "two\n"])
        try fixture.push()
        let started = Clock.monotonicMilliseconds()
        let runs = try fixture.waitForRuns(2)
        let waited = Clock.monotonicMilliseconds() - started
        #expect(runs.map(\.status) == [.succeeded, .succeeded])
        let firstEnd = try #require(runs[0].finishedAt), secondStart = try #require(runs[1].startedAt)
        #expect(secondStart - firstEnd < 1500, "the second build did not wait for the first one's webhook (\(secondStart - firstEnd) ms)")
        #expect(waited < 20_000, "every delivery ended by its deadline (the worker exited after \(waited) ms)")
        for run in runs {
            let log = try fixture.log(run)
            #expect(log.contains("Notification: Webhook http://127.0.0.1:\(port)/… gave up at the notification deadline (notify.deadline)"), "\(log)")
        }
        withExtendedLifetime(silent) {}
    }
}
