import History
import Platform
import SlipwayModel
import TestSupport
import Testing

/// Issue 15 §5: every ref's reports and CHANGELOG.md have a place no other ref and none of
/// Slipway's own files can take.
@Suite("Report paths never collide", .serialized)
struct ReportPathTests {
    @Test("branch x/2.md after branch x, a branch 'tags', tags '13.md' and 'CHANGELOG.md': every report is written, every changelog is its ref's own")
    func collidingNames() throws {
        let fixture = try PushFixture("reportpaths", config: "branches: ['**']\ntags: ['*']\n")
        let reports = fixture.bare + "/slipway/reports"
        try fixture.commit("feat: base", files: ["buildspec.yml": Buildspecs.passing])
        try fixture.push("origin", "HEAD:refs/heads/x")
        try fixture.waitForRuns(1)
        try fixture.commit("feat: on x", files: ["x.txt": "1\n"])
        try fixture.push("origin", "HEAD:refs/heads/x")
        #expect(try fixture.waitForRuns(2).last?.reportPath == reports + "/branches/x/2.md")
        // x must go before x/2.md can exist (git refuses both); run 2's report is x/2.md's namesake.
        try fixture.push("origin", ":refs/heads/x")
        try fixture.commit("feat: on x/2.md", files: ["y.txt": "2\n"])
        try fixture.push("origin", "HEAD:refs/heads/x/2.md")
        try fixture.commit("feat: on tags", files: ["z.txt": "3\n"])
        try fixture.push("origin", "HEAD:refs/heads/tags")
        try fixture.push("origin", "HEAD:refs/tags/CHANGELOG.md")
        try fixture.commit("feat: release 13", files: ["w.txt": "4\n"])
        try fixture.push("origin", "HEAD:refs/tags/13.md")
        let runs = try fixture.waitForRuns(6)
        #expect(runs.map(\.status) == Array(repeating: RunStatus.succeeded, count: 6), "\(runs.map { $0.error ?? "" })")
        #expect(runs.map(\.reportPath) == [
            reports + "/branches/x/1.md", reports + "/branches/x/2.md", reports + "/branches/x~2.md/3.md",
            reports + "/branches/tags/4.md", reports + "/tags/CHANGELOG.md/5.md", reports + "/tags/13.md/6.md",
        ])
        for run in runs {
            #expect(try fixture.report(run).hasPrefix("# ✅ Run #\(run.id) SUCCEEDED"), "run #\(run.id)")
        }
        let nested = try readTextFile(reports + "/branches/x~2.md/CHANGELOG.md")
        #expect(nested.contains("# Changelog: x/2.md") && nested.contains("on x/2.md") && !nested.contains("Run #2 "), "\(nested)")
        let onX = try readTextFile(reports + "/branches/x/CHANGELOG.md")
        #expect(onX.contains("Run #2 ") && !onX.contains("Run #3 "))
        let branchTags = try readTextFile(reports + "/branches/tags/CHANGELOG.md")
        #expect(branchTags.contains("Run #4 ") && !branchTags.contains("Run #5 ") && !branchTags.contains("Run #6 "))
        let releases = try readTextFile(reports + "/CHANGELOG.md")
        #expect(releases.contains("# Changelog: tags") && releases.contains("CHANGELOG.md · Run #5")
                && releases.contains("13.md · Run #6") && !releases.contains("Run #4 "), "\(releases)")
        let show = try SlipwayBinaries.run(["show", "3", "--repo", fixture.bare])
        #expect(show.succeeded && show.outputText.contains("Run #3"), "\(show.errorText)")
    }

    @Test("a report that cannot be written makes the run FAULT, naming the path; nothing claims a report")
    func unwritableReport() throws {
        let fixture = try PushFixture("reportfault", config: "branches: [main]\n")
        let folder = fixture.bare + "/slipway/reports/branches/main"
        try makeDirectories(parentDirectory(folder))
        try writeTextFileAtomically(folder, "a file where the branch's folder goes\n")
        try fixture.commit("feat: one", files: ["buildspec.yml": Buildspecs.passing])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .fault)
        #expect(run.reportPath == nil)
        let error = try #require(run.error)
        #expect(error.hasPrefix("the report could not be written to \(folder)/1.md: ") && error.hasSuffix("(the build itself ended SUCCEEDED)"), "\(error)")
        #expect(try fixture.log(run).contains("Build complete: FAULT"))
        let show = try SlipwayBinaries.run(["history", "--repo", fixture.bare])
        #expect(show.outputText.contains("FAULT"))
    }
}
