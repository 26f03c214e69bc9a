import Foundation
import History
import Platform
import SlipwayModel
import TestSupport
import Testing

/// Issue 15 §6: commit text and build output reach the database, reports, notes, webhooks and
/// terminals without control characters, escape sequences or HTML that could act.
@Suite("Control characters and HTML from a push are made harmless everywhere", .serialized)
struct SanitizingTests {
    private static let escape = "\u{1B}"

    @Test("ESC/OSC/BEL and </td><script> in the head subject, ANSI and OSC 8 in the output: clean in history, report, note, webhook and log tail; `slipway logs` strips them on a terminal only")
    func hostileSubjectAndOutput() throws {
        let e = Self.escape
        let scratch = ScratchDirectory("sanitize")
        let receiver = try WebhookReceiver(scratch: scratch)
        let fixture = try PushFixture("sanitize", config: """
            branches: [main]
            notify:
              webhooks:
                - {url: "http://127.0.0.1:\(receiver.port)/hook", on: [success, failure]}
            """)
        let subject = "fix: \(e)]0;owned\u{07}title \(e)[31mred\(e)[0m\u{07} </td></details><script>alert(1)</script>"
        try fixture.commit(subject, files: ["buildspec.yml": """
            version: 0.2
            phases:
              build:
                commands:
                  - printf '\\033[1;31mERROR\\033[0m \\033]8;;http://evil.example/\\033\\\\link\\033]8;;\\033\\\\ \\033]0;title\\007done\\n'
                  - exit 3
            """])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .failed)
        let clean = #"fix: title red </td></details><script>alert(1)</script>"#
        #expect(run.subject == clean, "the database keeps the cleaned subject: \(run.subject ?? "")")

        let history = try SlipwayBinaries.run(["history", "--repo", fixture.bare])
        let historyJSON = try SlipwayBinaries.run(["history", "--json", "--repo", fixture.bare])
        let report = try fixture.report(run)
        #expect(report.contains(#"| Subject | fix: title red \</td>\</details>\<script>alert(1)\</script> |"#), "\(report)")
        #expect(report.contains("ERROR link done"), "the log tail keeps the text: \(report)")
        try git("fetch", "-q", "origin", "refs/notes/slipway:refs/notes/slipway", in: fixture.clone)
        let note = try git("notes", "--ref=slipway", "show", run.newSha, in: fixture.clone)
        let body = try #require(try receiver.requests().first).body
        #expect(body.contains("fix: title red"))
        for (name, text) in [("history", history.outputText), ("history --json", historyJSON.outputText), ("report", report),
                             ("note", note), ("webhook", body)] {
            #expect(!text.contains(e) && !text.contains("\u{07}"), "\(name) holds control characters")
        }
        for (name, markdown) in [("report", report), ("note", note)] {
            let live = markdown.ranges(of: "<script>").filter { $0.lowerBound == markdown.startIndex || markdown[markdown.index(before: $0.lowerBound)] != "\\" }
            #expect(live.isEmpty, "\(name) holds live HTML")
        }

        // The log keeps the raw bytes; a terminal sees them stripped unless --raw.
        let piped = try SlipwayBinaries.run(["logs", "1", "--repo", fixture.bare])
        #expect(piped.outputText.contains("\(e)[1;31mERROR"), "a pipe gets the log as stored")
        let command = "\(SlipwayBinaries.slipway) logs 1 --repo \(fixture.bare)"
        let onTerminal = try runCommand("script", ["-qec", command, "/dev/null"])
        #expect(onTerminal.succeeded && onTerminal.outputText.contains("ERROR link done"), "\(onTerminal.outputText)")
        #expect(!onTerminal.outputText.contains(e), "no escape sequence reaches the terminal")
        let raw = try runCommand("script", ["-qec", command + " --raw", "/dev/null"])
        #expect(raw.outputText.contains("\(e)]8;;http://evil.example/"))
        let show = try runCommand("script", ["-qec", "\(SlipwayBinaries.slipway) show 1 --repo \(fixture.bare)", "/dev/null"])
        #expect(show.succeeded && !show.outputText.contains(e))
    }

    @Test("a 1 MB subject is stored and shown cut to 500 characters")
    func hugeSubject() throws {
        let fixture = try PushFixture("hugesubject", config: "branches: [main]\n")
        let message = try fixture.scratch.write("message.txt", "feat: " + String(repeating: "x", count: 1_000_000) + "\n\nbody\n")
        try fixture.write(["buildspec.yml": Buildspecs.passing])
        try git("add", "-A", in: fixture.clone)
        try git("commit", "-q", "-F", message, in: fixture.clone)
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .succeeded)
        let subject = try #require(run.subject)
        #expect(subject.count == 501 && subject.hasPrefix("feat: xxx") && subject.hasSuffix("…"))
        let history = try SlipwayBinaries.run(["history", "--repo", fixture.bare])
        #expect(history.outputText.utf8.count < 5000)
        #expect(try fixture.report(run).utf8.count < 20_000)
    }
}
