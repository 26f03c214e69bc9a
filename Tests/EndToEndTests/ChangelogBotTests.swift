import Foundation
import History
import Platform
import SlipwayModel
import TestSupport
import Testing

/// The Changes section of a report (up to the next section).
private func changes(_ report: String) -> String {
    guard let start = report.range(of: "## Changes\n\n") else { return "" }
    let rest = report[start.upperBound...]
    let end = rest.range(of: "\n## ")?.lowerBound ?? rest.range(of: "\nFull log:")?.lowerBound ?? rest.endIndex
    return String(rest[..<end])
}

@Suite("Changelog bot: changes since the last good build, CHANGELOG.md, git notes", .serialized)
struct ChangelogBotTests {
    @Test("the report lists what changed since the last successful build, grouped; a failed build does not move the start; CHANGELOG.md and a git note follow")
    func sinceLastSuccessfulBuild() throws {
        let fixture = try PushFixture("changes")
        let first = try fixture.commit("feat: first version", files: ["buildspec.yml": Buildspecs.passing])
        try fixture.push()
        try fixture.waitForRuns(1)
        try fixture.commit("fix(core): handle empty input\n\nCloses #12", allowEmpty: true)
        try fixture.commit("Update the README", files: ["buildspec.yml": Buildspecs.failing])
        try fixture.push()
        let failed = try #require(try fixture.waitForRuns(2).last)
        #expect(failed.status == .failed)
        let failedChanges = changes(try fixture.report(failed))
        #expect(failedChanges.hasPrefix("2 commits since the last successful build, #1 (`\(first.prefix(7))`)."))
        try fixture.commit("feat(api)!: drop the v1 endpoints", files: ["buildspec.yml": Buildspecs.passing])
        let tip = try fixture.commit("perf: cache the index", allowEmpty: true)
        try fixture.push()
        let good = try #require(try fixture.waitForRuns(3).last)
        #expect(good.status == .succeeded)
        let text = changes(try fixture.report(good))
        #expect(text.hasPrefix("4 commits since the last successful build, #1 (`\(first.prefix(7))`)."), "\(text)")
        let order = ["### Breaking changes", "**feat(api)!:** drop the v1 endpoints", "### Fixes", "**core:** handle empty input",
                     "#12", "### Performance", "### Other", "Update the README"]
        let positions = order.compactMap { text.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count && positions == positions.sorted(), "\(text)")

        let changelog = try readTextFile(fixture.bare + "/slipway/reports/branches/main/CHANGELOG.md")
        #expect(changelog.hasPrefix("# Changelog: main\n\n<!-- slipway:run 3 -->\n## Run #3 · `\(tip.prefix(7))` · "))
        #expect(changelog.contains("<!-- slipway:run 1 -->") && !changelog.contains("<!-- slipway:run 2 -->"))
        #expect(try fixture.report(good).contains("CHANGELOG.md updated: \(fixture.bare)/slipway/reports/branches/main/CHANGELOG.md"))

        // The real git client reads the note Slipway wrote with libgit2.
        try git("fetch", "-q", "origin", "refs/notes/slipway:refs/notes/slipway", in: fixture.clone)
        let note = try git("log", "--notes=slipway", "-1", "--format=%N", tip, in: fixture.clone)
        #expect(note.hasPrefix("# ✅ Run #3 SUCCEEDED: main at \(tip.prefix(7))"))
        #expect(note.contains("## Changes"))
        let failedNote = try git("notes", "--ref=slipway", "show", failed.newSha, in: fixture.clone)
        #expect(failedNote.hasPrefix("# ❌ Run #2 FAILED"))
    }

    @Test("a first build of main lists its last commits (first-build-limit); a new branch starts at its merge-base with main")
    func firstBuilds() throws {
        let fixture = try PushFixture("firstbuild", config: "branches: ['**']\nchangelog:\n  first-build-limit: 3\n")
        try fixture.commit("chore: one", files: ["buildspec.yml": Buildspecs.passing])
        for index in 2...5 { try fixture.commit("feat: commit \(index)", allowEmpty: true) }
        try fixture.push()
        let main = try #require(try fixture.waitForRuns(1).first)
        let mainChanges = changes(try fixture.report(main))
        #expect(mainChanges.hasPrefix("The first build of main, with no earlier build to compare with: its last 3 commits."))
        #expect(mainChanges.contains("commit 5") && mainChanges.contains("commit 3") && !mainChanges.contains("commit 2"))

        let base = try git("rev-parse", "HEAD", in: fixture.clone)
        try git("checkout", "-q", "-b", "feature/login", in: fixture.clone)
        try fixture.commit("feat(login): form", allowEmpty: true)
        try fixture.commit("fix(login): typo", allowEmpty: true)
        try fixture.push("origin", "HEAD:refs/heads/feature/login")
        let feature = try #require(try fixture.waitForRuns(2).last)
        let featureChanges = changes(try fixture.report(feature))
        #expect(featureChanges.hasPrefix("2 commits on feature/login since it branched from main at `\(base.prefix(7))`."), "\(featureChanges)")
        #expect(!featureChanges.contains("commit 5"))
    }

    @Test("a force-push is stated plainly and the dropped commits are listed by subject")
    func forcePush() throws {
        let fixture = try PushFixture("force")
        try fixture.commit("feat: kept", files: ["buildspec.yml": Buildspecs.passing])
        try fixture.commit("feat: will be dropped", allowEmpty: true)
        let dropped = try fixture.commit("fix: also dropped", allowEmpty: true)
        try fixture.push()
        try fixture.waitForRuns(1)
        try git("reset", "-q", "--hard", "HEAD~2", in: fixture.clone)
        try fixture.commit("fix: the replacement", allowEmpty: true)
        try fixture.push("--force", "origin", "HEAD:main")
        let run = try #require(try fixture.waitForRuns(2).last)
        let text = changes(try fixture.report(run))
        #expect(text.hasPrefix("> **History was rewritten.** `\(dropped.prefix(7))` is no longer an ancestor of `\(run.newSha.prefix(7))` (a force-push). 2 commits are no longer on main:"), "\(text)")
        #expect(text.contains("> - fix: also dropped (`\(dropped.prefix(7))`)\n> - feat: will be dropped"))
        #expect(text.contains("1 commit since the last successful build, #1"))
        #expect(text.contains("the replacement") && !text.contains("- **feat:** kept"))
        let json = try SlipwayBinaries.run(["changelog", "--repo", fixture.bare, "\(dropped)..\(run.newSha)", "--format", "json"]).output
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        #expect(object["commitCount"] as? Int == 1)
    }

    @Test("merge commits are not listed (and counted); a squash merge's breaking footer puts it first")
    func mergesAndSquashes() throws {
        let fixture = try PushFixture("merges")
        try fixture.commit("chore: start", files: ["buildspec.yml": Buildspecs.passing])
        try fixture.push()
        try fixture.waitForRuns(1)
        try git("checkout", "-q", "-b", "topic", in: fixture.clone)
        try fixture.commit("feat(topic): the topic's work", allowEmpty: true)
        try git("checkout", "-q", "main", in: fixture.clone)
        try fixture.commit("docs: meanwhile on main", allowEmpty: true)
        try git("merge", "-q", "--no-ff", "-m", "Merge branch 'topic'", "topic", in: fixture.clone)
        try fixture.commit("feat: squashed pull request (#41)\n\n* feat: part one\n\n* fix: part two\n\nBREAKING CHANGE: settings moved to /etc/app\n\n* docs: notes",
                           allowEmpty: true)
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(2).last)
        let text = changes(try fixture.report(run))
        #expect(text.hasPrefix("3 commits since the last successful build, #1"), "\(text)")
        #expect(text.contains("1 merge commit is not listed."))
        #expect(text.contains("### Breaking changes\n\n- **feat:** squashed pull request (#41)"))
        #expect(text.contains("  - **BREAKING CHANGE:** settings moved to /etc/app"))
        #expect(text.contains("**topic:** the topic's work") && !text.contains("Merge branch"))
    }

    @Test("a tag build lists the changes since the previous tag's build, and tags share one CHANGELOG.md")
    func tagBuilds() throws {
        let fixture = try PushFixture("tags", config: "branches: [main]\ntags: ['v*']\n")
        let first = try fixture.commit("feat: first release", files: ["buildspec.yml": Buildspecs.passing])
        try git("tag", "-a", "-m", "v1.0", "v1.0", in: fixture.clone)
        try fixture.push("origin", "HEAD:main", "refs/tags/v1.0")
        try fixture.waitForRuns(2)
        try fixture.commit("fix: after the release", allowEmpty: true)
        try fixture.commit("feat(cli): a flag", allowEmpty: true)
        try git("tag", "v1.1", in: fixture.clone)
        try fixture.push("origin", "refs/tags/v1.1")
        let runs = try fixture.waitForRuns(3)
        let release = try #require(runs.last)
        #expect(release.refKind == .tag && release.status == .succeeded)
        let text = changes(try fixture.report(release))
        let firstTagRun = try #require(runs.first { $0.branch == "v1.0" })
        // v1.0 is an annotated tag: the push names the tag object, the build uses its commit.
        #expect(firstTagRun.status == .succeeded && firstTagRun.newSha == first)
        #expect(try fixture.log(firstTagRun).contains("refs/tags/v1.0 is an annotated tag (object "))
        #expect(text.hasPrefix("2 commits since v1.0 (#\(firstTagRun.id), `\(first.prefix(7))`)."), "\(text)")
        let changelog = try readTextFile(fixture.bare + "/slipway/reports/CHANGELOG.md")
        #expect(changelog.hasPrefix("# Changelog: tags\n\n<!-- slipway:run 3 -->\n## v1.1 · Run #3 · "))
        #expect(changelog.contains("## v1.0 · Run #\(firstTagRun.id) · "))
    }

    @Test("when the last good build's commit is gone (force-push, then gc), the changelog says so and falls back")
    func unreadableBase() throws {
        let fixture = try PushFixture("gone", config: "branches: [main]\nchangelog:\n  first-build-limit: 5\n")
        let old = try fixture.commit("feat: soon unreachable", files: ["buildspec.yml": Buildspecs.passing])
        try fixture.push()
        try fixture.waitForRuns(1)
        try git("checkout", "-q", "--orphan", "fresh", in: fixture.clone)
        try fixture.commit("chore: a new history that fails", files: ["buildspec.yml": Buildspecs.failing])
        try fixture.push("--force", "origin", "HEAD:main")
        #expect(try fixture.waitForRuns(2).last?.status == .failed)
        try git("gc", "-q", "--prune=now", in: fixture.bare)
        #expect(throws: (any Error).self) { try git("cat-file", "-e", old, in: fixture.bare) }
        let output = try SlipwayBinaries.run(["changelog", "--repo", fixture.bare]).outputText
        #expect(output.contains("> **History was rewritten.** `\(old.prefix(7))` is no longer an ancestor of"), "\(output)")
        #expect(output.contains("`\(old.prefix(7))` is no longer in the repository, so what it held cannot be listed."))
        #expect(output.contains("The first build of main: its whole history, 1 commit."))
    }
}
