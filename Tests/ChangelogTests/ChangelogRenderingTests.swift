@testable import Changelog
import Foundation
import Reporting
import Testing

private func commit(_ message: String, sha: Character = "a", parents: Int = 1, author: String = "Ann") -> ChangelogCommit {
    ChangelogCommit(sha: String(repeating: sha, count: 40), parentCount: parents, message: message, authorName: author,
                    authorEmail: "ann@example.com")
}

/// The layout slipway.yml starts with (its defaults live in Settings, which the settings tests check).
private let standardRules = [
    ChangeGroupRule(title: "Breaking changes", types: ["breaking"]), ChangeGroupRule(title: "Features", types: ["feat"]),
    ChangeGroupRule(title: "Fixes", types: ["fix"]), ChangeGroupRule(title: "Performance", types: ["perf"]),
    ChangeGroupRule(title: "Other", types: []),
]

private func changelog(_ commits: [ChangelogCommit], rules: [ChangeGroupRule] = standardRules, merges: Bool = false,
                       rewrite: HistoryRewrite? = nil) -> Changelog {
    var builder = ChangelogBuilder(rules: rules, includeMerges: merges)
    for commit in commits { builder.add(commit) }
    return builder.finish(from: String(repeating: "0", count: 39) + "1", to: String(repeating: "f", count: 40), branch: "main",
                          basis: .lastSuccessfulBuild(run: 11, sha: String(repeating: "0", count: 39) + "1"), rewrite: rewrite,
                          stoppedAtLimit: nil)
}

@Suite("Changelog grouping, JSON and Markdown")
struct ChangelogRenderingTests {
    @Test("breaking changes first, then features, fixes, performance; unconventional commits go to Other, never dropped")
    func defaultGroups() {
        let log = changelog([
            commit("chore: tidy", sha: "1"), commit("Update README", sha: "2"), commit("perf: faster", sha: "3"),
            commit("fix: crash", sha: "4"), commit("feat(api)!: drop v1", sha: "5"), commit("feat: dark mode", sha: "6"),
            commit("fix: y\n\nBREAKING CHANGE: z", sha: "7"), commit("", sha: "8"),
        ])
        #expect(log.groups.map(\.title) == ["Breaking changes", "Features", "Fixes", "Performance", "Other"])
        #expect(log.groups[0].entries.map(\.subject) == ["drop v1", "y"])
        #expect(log.groups[4].entries.map(\.subject) == ["tidy", "Update README", ""])
        #expect(log.commitCount == 8)
    }

    @Test("configured groups: types are matched case-insensitively, a missing catch-all is added, no breaking group keeps breaking commits with their type")
    func configuredGroups() {
        let rules = [ChangeGroupRule(title: "New", types: ["FEAT", "perf"]), ChangeGroupRule(title: "Bugs", types: ["fix"])]
        let log = changelog([commit("feat!: a", sha: "1"), commit("perf: b", sha: "2"), commit("fix: c", sha: "3"),
                             commit("docs: d", sha: "4"), commit("no type", sha: "5")], rules: rules)
        #expect(log.groups.map(\.title) == ["New", "Bugs", "Other"])
        #expect(log.groups[0].entries.map(\.subject) == ["a", "b"])
        #expect(log.groups[2].entries.map(\.subject) == ["d", "no type"])
    }

    @Test("merge commits are skipped and counted, or listed, as configured")
    func merges() {
        let commits = [commit("Merge branch 'x'", sha: "1", parents: 2), commit("feat: a", sha: "2")]
        let skipped = changelog(commits)
        #expect(skipped.commitCount == 1 && skipped.skippedMerges == 1)
        #expect(skipped.summary.hasSuffix("1 merge commit is not listed."))
        let listed = changelog(commits, merges: true)
        #expect(listed.commitCount == 2 && listed.skippedMerges == 0)
        #expect(listed.groups.last?.entries.first?.isMerge == true)
    }

    @Test("the JSON shape is stable: range, groups with titles, commits with sha, type, scope, subject, breaking, author")
    func jsonShape() throws {
        let log = changelog([commit("feat(ui): a \"quo\u{1}ted\"\nbody", sha: "1"), commit("plain", sha: "2")])
        let text = log.jsonText(pretty: true)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["range", "from", "to", "branch", "basis", "rewrite", "commitCount", "skippedMerges", "truncated", "groups"])
        #expect(object["range"] as? String == log.from.map { "\($0)..\(log.to)" })
        let groups = try #require(object["groups"] as? [[String: Any]])
        #expect(groups.map { $0["title"] as? String } == ["Features", "Other"])
        let first = try #require((groups[0]["commits"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["sha", "type", "scope", "subject", "breaking", "author", "email", "breakingNotes", "references", "merge"])
        #expect(first["subject"] as? String == "a \"quoted\"", "a control character is dropped")
        #expect(first["scope"] as? String == "ui")
        let other = try #require((groups[1]["commits"] as? [[String: Any]])?.first)
        #expect(other["type"] is NSNull && other["scope"] is NSNull)
        #expect(text.hasPrefix("{\n  \"range\": "), "keys keep their documented order")
    }

    @Test("Markdown: summary, groups, labels, breaking notes, HTML-looking text escaped")
    func markdown() throws {
        let log = changelog([
            commit("feat(api)!: drop v1\n\nBREAKING CHANGE: use /v2", sha: "1"), commit("feat(ui): <script>alert(1)</script>", sha: "2"),
            commit("docs: guide (#4)\n\nCloses #5", sha: "3"),
        ])
        let text = try log.markdown()
        #expect(text.hasPrefix("3 commits since the last successful build, #11 (`0000000`)."))
        #expect(text.contains("### Breaking changes\n\n- **feat(api)!:** drop v1 (`1111111`, Ann)\n  - **BREAKING CHANGE:** use /v2\n"))
        #expect(text.contains("### Features\n\n- **ui:** \\<script>alert(1)\\</script> (`2222222`, Ann)"))
        #expect(text.contains("### Other\n\n- **docs:** guide (#4) (`3333333`, Ann) #5"))
        #expect(!text.hasSuffix("\n"))
    }

    @Test("a limit lists breaking changes first and says how many more there are")
    func limit() throws {
        var commits = (0..<30).map { commit("fix: bug \($0)", sha: "b") }
        commits.append(commit("feat!: the breaking one", sha: "c"))
        let text = try changelog(commits).markdown(limit: 5)
        #expect(text.contains("### Breaking changes\n\n- **feat!:** the breaking one"))
        #expect(text.components(separatedBy: "- bug ").count - 1 == 4)
        #expect(text.hasSuffix("… and 26 more commits: `slipway changelog 0000000..fffffff` lists them all."))
    }

    @Test("a rewrite is stated plainly, with the dropped commits")
    func rewrite() throws {
        let rewrite = HistoryRewrite(replaced: [String(repeating: "9", count: 40)],
                                     dropped: [DroppedCommit(sha: String(repeating: "8", count: 40), subject: "feat: lost work")],
                                     droppedCount: 1, unreadable: [])
        let text = try changelog([commit("fix: new", sha: "1")], rewrite: rewrite).markdown()
        #expect(text.hasPrefix("> **History was rewritten.** `9999999` is no longer an ancestor of `fffffff` (a force-push). 1 commit is no longer on main:\n> - feat: lost work (`8888888`)\n\n1 commit since"))
    }

    @Test("a user's template gets the same values; a broken one is an error naming its line")
    func templates() throws {
        let log = changelog([commit("feat: a", sha: "1")])
        let text = try log.markdown(template: "{{#groups}}{{title}}:{{#commits}} {{subject}}/{{type}}{{/commits}}{{/groups}}")
        #expect(text == "Features: a/feat")
        #expect(throws: (any Error).self) { try log.markdown(template: "x\n{{#groups}}", templateName: "mine.mustache") }
    }

    @Test("the native rendering of the built-in template gives exactly what Mustache gives", arguments: [nil, 2, 100])
    func nativeMatchesMustache(limit: Int?) throws {
        let rewrite = HistoryRewrite(replaced: [String(repeating: "9", count: 40), String(repeating: "7", count: 40)],
                                     dropped: (0..<3).map { DroppedCommit(sha: String(repeating: "8", count: 40), subject: $0 == 0 ? "" : "feat: <b>lost</b> \($0)") },
                                     droppedCount: 12, unreadable: [String(repeating: "7", count: 40)])
        let commits = [
            commit("feat(api)!: drop v1\n\nBREAKING CHANGE: use /v2\n\nCloses #5, PROJ-9", sha: "1"), commit("", sha: "2", author: ""),
            commit("fix: a (#4)\n\nFixes #4, #6", sha: "3"), commit("docs(<x>): y", sha: "4"), commit("Merge x", sha: "5", parents: 2),
        ]
        for log in [changelog(commits, rewrite: rewrite), changelog(commits, merges: true), changelog([])] {
            let native = try log.markdown(limit: limit)
            let mustache = try log.markdown(template: DefaultTemplates.changelog, limit: limit)
            #expect(native == mustache)
        }
    }

    @Test("10,000 commits: every one grouped and listed")
    func large() throws {
        let commits = (0..<10_000).map { index in
            commit(index % 3 == 0 ? "feat: f\(index)" : index % 3 == 1 ? "fix: x\(index)" : "misc \(index)", sha: "d")
        }
        let log = changelog(commits)
        #expect(log.groups.map(\.entries.count) == [3_334, 3_333, 3_333])
        let text = try log.markdown()
        #expect(text.components(separatedBy: "\n- ").count - 1 == 10_000)
    }
}
