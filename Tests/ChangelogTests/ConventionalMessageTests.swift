@testable import Changelog
import Testing

@Suite("Conventional Commits 1.0 parsing")
struct ConventionalMessageTests {
    @Test("type, scope and ! are read from the header; types are case-insensitive")
    func header() {
        let message = ConventionalMessage.parse("feat(ui)!: dark mode for the dashboard")
        #expect(message.type == "feat")
        #expect(message.scope == "ui")
        #expect(message.subject == "dark mode for the dashboard")
        #expect(message.exclaimed && message.breaking)
        #expect(message.breakingNotes.isEmpty)
        #expect(ConventionalMessage.parse("Fix: Crash").type == "fix")
        #expect(ConventionalMessage.parse("build(deps-dev): bump x").scope == "deps-dev")
        #expect(ConventionalMessage.parse("fix(): empty scope").scope == nil)
        #expect(ConventionalMessage.parse("\n\nfix: after blank lines").type == "fix")
    }

    @Test("headers that are not conventional keep their first line and have no type", arguments: [
        "feat:no space after the colon", "feat(ui: unclosed scope", "Update README", "fix: ", "1fix: starts with a digit",
        "Merge branch 'feature/x' into main", "Revert \"feat: x\"", "feat (ui): space before the scope",
    ])
    func unconventional(header: String) {
        let message = ConventionalMessage.parse(header + "\n\nbody")
        #expect(message.type == nil)
        #expect(message.subject == header.trimmingSpaces())
        #expect(!message.breaking)
    }

    @Test("BREAKING CHANGE: and BREAKING-CHANGE: footers, with continuation lines; lowercase is not breaking")
    func breakingFooters() {
        let spaced = ConventionalMessage.parse("feat: x\n\nBody text.\n\nBREAKING CHANGE: the config file moved\nto /etc/app.\nRefs: #4")
        #expect(spaced.breaking && !spaced.exclaimed)
        #expect(spaced.breakingNotes == ["the config file moved to /etc/app."])
        #expect(spaced.footers.map(\.token) == ["BREAKING CHANGE", "Refs"])
        let hyphen = ConventionalMessage.parse("refactor: y\n\nBREAKING-CHANGE: env var renamed")
        #expect(hyphen.breaking && hyphen.breakingNotes == ["env var renamed"])
        let lower = ConventionalMessage.parse("fix: z\n\nbreaking change: not a footer, the spec wants uppercase")
        #expect(!lower.breaking)
        let crlf = ConventionalMessage.parse("fix: a\r\n\r\nBREAKING CHANGE: b\r\n")
        #expect(crlf.breaking && crlf.breakingNotes == ["b"] && crlf.subject == "a")
    }

    @Test("a squash-merge body is read line by line: footers in the middle and type!: items count")
    func squashBodies() {
        let message = ConventionalMessage.parse("""
            feat: big change (#9)

            * feat: part one

            * fix!: part two changes the config

            * refactor: part three

            BREAKING CHANGE: the old API is gone

            * docs: part four
            """)
        #expect(message.type == "feat" && !message.exclaimed)
        #expect(message.breaking)
        #expect(message.breakingNotes == ["part two changes the config", "the old API is gone"])
        #expect(message.references == ["#9"])
        let plain = ConventionalMessage.parse("feat: a (#3)\n\n* feat: part one\n* fix: part two")
        #expect(!plain.breaking, "items without ! and no footer: not breaking")
    }

    @Test("footers and issue references: Closes, Fixes, Refs with #N, owner/repo#N, GH-N and JIRA keys")
    func references() {
        let message = ConventionalMessage.parse("""
            fix(api): handle nulls (#77)

            Longer explanation mentioning #999 in the body, which is not a reference.

            Closes #12, #13
            Refs: acme/app#5, PROJ-42, GH-8
            Reviewed-by: Ann <ann@example.com>
            Signed-off-by: Bob <bob@example.com>
            """)
        #expect(message.references == ["#77", "#12", "#13", "acme/app#5", "PROJ-42", "GH-8"])
        #expect(message.footers.map(\.token) == ["Closes", "Refs", "Reviewed-by", "Signed-off-by"])
        #expect(message.footers.first?.value == "#12, #13")
    }

    @Test("empty, control-character and very long messages give clean one-line subjects")
    func robustness() {
        let empty = ConventionalMessage.parse("")
        #expect(empty.subject == "" && empty.type == nil && !empty.breaking)
        #expect(ConventionalMessage.parse("   \n\n  ").subject == "")
        #expect(ConventionalMessage.parse("fix: a\u{1B}[31m red \u{7}bell").subject == "a red bell", "the whole escape sequence goes, not only the ESC")
        #expect(ConventionalMessage.parse("Caf\u{FFFD} invalid bytes").subject == "Caf\u{FFFD} invalid bytes")
        let long = ConventionalMessage.parse("feat: " + String(repeating: "é", count: 1_000_000))
        #expect(long.subject.count == ConventionalMessage.maximumTextLength + 1)
        #expect(long.subject.hasSuffix("…"))
        let body = String(repeating: "a line of a very long body\n", count: 40_000)
        let deep = ConventionalMessage.parse("fix: x\n\n" + body + "\nBREAKING CHANGE: found at the end")
        #expect(deep.breakingNotes == ["found at the end"])
    }
}
