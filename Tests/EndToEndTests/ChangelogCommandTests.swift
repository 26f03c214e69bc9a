import Foundation
import History
import Platform
import SlipwayModel
import TestSupport
import Testing

private func json(_ result: CommandResult) throws -> [String: Any] {
    guard result.succeeded else { throw TestFailure("slipway changelog failed: \(result.errorText)") }
    return try #require(try JSONSerialization.jsonObject(with: Data(result.output)) as? [String: Any])
}

private func subjects(_ changelog: [String: Any]) -> [String] {
    ((changelog["groups"] as? [[String: Any]]) ?? []).flatMap { ($0["commits"] as? [[String: Any]]) ?? [] }
        .compactMap { $0["subject"] as? String }
}

@Suite("slipway changelog, and changelogs of awkward histories", .serialized)
struct ChangelogCommandTests {
    @Test("any range (A..B, A.., a tag, a SHA), or the branch's next build; bad input gets a clear error")
    func ranges() throws {
        let fixture = try PushFixture("changelogcli")
        let root = try fixture.commit("chore: root", files: ["buildspec.yml": Buildspecs.passing])
        try git("tag", "v1.0", in: fixture.clone)
        try fixture.commit("feat: one", allowEmpty: true)
        try fixture.commit("fix(db): two", allowEmpty: true)
        try git("tag", "-a", "-m", "release", "v1.1", in: fixture.clone)
        let three = try fixture.commit("feat!: three", allowEmpty: true)
        try fixture.push("origin", "HEAD:main", "--tags")
        try fixture.waitForRuns(1)
        let run = { (arguments: [String]) in try SlipwayBinaries.run(["changelog", "--repo", fixture.bare] + arguments) }

        let tags = try json(try run(["v1.0..v1.1", "--format", "json"]))
        #expect(tags["range"] as? String == "\(root)..\(try git("rev-parse", "v1.1^{commit}", in: fixture.clone))")
        #expect(subjects(tags) == ["one", "two"])
        #expect(((tags["groups"] as? [[String: Any]])?.map { $0["title"] as? String }) == ["Features", "Fixes"])
        #expect(subjects(try json(try run(["v1.1..", "--format", "json"]))) == ["three"])
        #expect(subjects(try json(try run([String(three.prefix(10)), "--limit", "2", "--format", "json"]))) == ["three", "two"])

        let markdown = try run(["v1.0..main"]).outputText
        #expect(markdown.hasPrefix("## Changes in `\(root.prefix(7))..\(three.prefix(7))`\n\n3 commits in `v1.0..main`.\n\n### Breaking changes"))
        // No range: what the next build of main would list (since the last successful build, #1 at the tip).
        #expect(try run([]).outputText.contains("No new commits since the last successful build, #1 (`\(three.prefix(7))`)."))

        let missing = try run(["nope..main"])
        #expect(!missing.succeeded && missing.errorText.contains("'nope' is not a commit in \(fixture.bare)"))
        #expect(try run(["v1.0...main"]).errorText.contains("symmetric ranges (A...B) are not supported; use A..B"))
        #expect(try run(["v1.0..main", "--branch", "main"]).errorText.contains("give either a RANGE or --branch"))
        #expect(try run(["--branch", "nope"]).errorText.contains("branch 'nope' does not exist"))
        #expect(try run(["--format", "yaml"]).errorText.contains("yaml"))
    }

    @Test("messages that are not UTF-8, empty, or 1 MB, and a 10,000-commit range: correct output, bounded memory")
    func awkwardHistories() throws {
        let fixture = try PushFixture("awkward")
        let start = try fixture.commit("chore: start", files: ["buildspec.yml": Buildspecs.passing])
        try fixture.push()
        try fixture.waitForRuns(1)
        let scratch = fixture.scratch
        var tip = try FastImport.commits([Array("feat: caf\u{E9} cr\u{E8}me".unicodeScalars.map { UInt8($0.value) })],
                                         onto: start, in: fixture.clone, encoding: "ISO-8859-1", scratch: scratch)
        var huge = Array("docs: huge\n\n".utf8)
        while huge.count < 1 << 20 { huge += Array("a long line of a very long message body\n".utf8) }
        huge += Array("\nBREAKING CHANGE: the end of a huge message".utf8)
        tip = try FastImport.commits([Array("fix: bad ".utf8) + [0xFF, 0xFE] + Array(" bytes".utf8), [], huge],
                                     onto: tip, in: fixture.clone, scratch: scratch)
        let many = (0..<10_000).map { Array(($0 % 2 == 0 ? "feat: feature \($0)" : "chore: chore \($0)").utf8) }
        tip = try FastImport.commits(many, onto: tip, in: fixture.clone, scratch: scratch)
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(2, timeoutSeconds: 120).last)
        #expect(run.status == .succeeded, "\(run.error ?? "")")
        let report = try fixture.report(run)
        #expect(report.contains("10004 commits since the last successful build, #1"))
        #expect(report.contains("- **docs!:** huge") == false && report.contains("- **docs:** huge"), "breaking by footer, listed first")
        #expect(report.contains("  - **BREAKING CHANGE:** the end of a huge message"))
        #expect(report.contains("… and 9804 more commits: `slipway changelog \(start.prefix(7))..\(tip.prefix(7))` lists them all."))

        let timeFile = scratch.file("time.out")
        let result = try runCommand("/usr/bin/time", ["-o", timeFile, "-f", "%M", SlipwayBinaries.slipway, "changelog", "--repo", fixture.bare,
                                                      "\(start)..\(tip)", "--format", "json"])
        let changelog = try json(result)
        #expect(changelog["commitCount"] as? Int == 10_004)
        let all = subjects(changelog)
        #expect(all.count == 10_004)
        #expect(all.contains("café crème"), "declared Latin-1 is decoded")
        #expect(all.contains("bad \u{FFFD}\u{FFFD} bytes"), "invalid bytes become U+FFFD, nothing is dropped")
        #expect(all.contains(""), "an empty message is listed, not dropped")
        let peakKiB = Int(try readTextFile(timeFile).split(whereSeparator: \.isNewline).last ?? "") ?? Int.max
        #expect(peakKiB < 120 * 1024, "peak memory \(peakKiB) KiB for 10,004 commits with a 1 MB message")
    }
}
