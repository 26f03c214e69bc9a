import Foundation
import History
import Intake
import Pipeline
import Platform
import Settings
import SlipwayCore
import SlipwayModel
import TestSupport
import Testing

@Suite("Reports of the old layout move to collision-free paths (issue 15 §5)")
struct ReportLayoutMigrationTests {
    /// A finished run of `ref` whose report was written at `oldPath` (relative to the reports).
    private func finishedRun(_ store: HistoryStore, ref: String, kind: RefKind, name: String, reports: String,
                             oldPath: String) throws -> Int64 {
        let request = BuildRequest(ref: ref, branch: name, refKind: kind, oldSha: RefUpdate.zeroSha,
                                   newSha: String(repeating: "a", count: 40), trigger: .push, initiator: "t", policy: QueuePolicy())
        let run = try store.startImmediately(request, worker: .current)
        let path = reports + "/" + oldPath.replacingOccurrences(of: "N", with: String(run.id))
        try makeDirectories(parentDirectory(path))
        try writeTextFileAtomically(path, "report of #\(run.id)\n")
        try store.finish(run.id, RunOutcome(status: .succeeded, finishedAt: 1, phases: [], exportedVariables: [], warnings: [],
                                            error: nil, reportPath: path))
        return run.id
    }

    @Test("reports, branch and tag changelogs move; history follows; old folders go; it runs once")
    func migrates() throws {
        let scratch = ScratchDirectory("report-migration")
        let settings = SlipwaySettings(gitDirectory: scratch.path)
        let reports = settings.paths.reports
        let store = try HistoryStore.open(settings.paths.database)
        let main = try finishedRun(store, ref: "refs/heads/main", kind: .branch, name: "main", reports: reports, oldPath: "main/N.md")
        let feature = try finishedRun(store, ref: "refs/heads/feature/login", kind: .branch, name: "feature/login",
                                      reports: reports, oldPath: "feature/login/N.md")
        let tag = try finishedRun(store, ref: "refs/tags/v1.0", kind: .tag, name: "v1.0", reports: reports, oldPath: "tags/v1.0/N.md")
        try writeTextFileAtomically(reports + "/main/CHANGELOG.md", "# Changelog: main\n")
        try writeTextFileAtomically(reports + "/feature/login/CHANGELOG.md", "# Changelog: feature/login\n")
        try writeTextFileAtomically(reports + "/tags/CHANGELOG.md", "# Changelog: tags\n")

        let messages = try ReportLayoutMigration(settings: settings, store: store).migrateIfNeeded()
        // The tag's report is where the new layout puts it already.
        #expect(messages.contains("moved 2 reports to the new layout under \(reports) (branches/<ref>/, tags/<ref>/)"), "\(messages)")
        #expect(try store.run(main)?.reportPath == reports + "/branches/main/\(main).md")
        #expect(try store.run(feature)?.reportPath == reports + "/branches/feature~login/\(feature).md")
        #expect(try store.run(tag)?.reportPath == reports + "/tags/v1.0/\(tag).md")
        for id in [main, feature, tag] {
            #expect(try readTextFile(try #require(try store.run(id)?.reportPath)) == "report of #\(id)\n")
        }
        #expect(try readTextFile(reports + "/branches/main/CHANGELOG.md") == "# Changelog: main\n")
        #expect(try readTextFile(reports + "/branches/feature~login/CHANGELOG.md") == "# Changelog: feature/login\n")
        #expect(try readTextFile(reports + "/CHANGELOG.md") == "# Changelog: tags\n")
        #expect(!fileExists(reports + "/main") && !fileExists(reports + "/feature"), "emptied old folders are removed")
        #expect(try listDirectory(reports + "/tags") == ["v1.0"])
        #expect(try ReportLayoutMigration(settings: settings, store: store).migrateIfNeeded().isEmpty, "once only")
    }

    @Test("folder names read back exactly; long names stay under the file-name limit and apart")
    func folderNames() {
        for name in ["main", "feature/login", "x/2.md", "100%/a~b", "CHANGELOG.md", "ünï/cödé"] {
            #expect(ReportLocation.name(ofFolder: ReportLocation.folderName(for: name)) == name)
            #expect(!ReportLocation.folderName(for: name).contains("/"))
        }
        #expect(ReportLocation.folderName(for: "feature/login") == "feature~login")
        let long = String(repeating: "a/", count: 150) + "one"
        let other = String(repeating: "a/", count: 150) + "two"
        let folder = ReportLocation.folderName(for: long)
        #expect(folder.utf8.count <= 200 && folder.contains("~~") && !folder.contains("/"))
        #expect(folder != ReportLocation.folderName(for: other))
        #expect(ReportLocation.name(ofFolder: folder) == nil)
    }
}
