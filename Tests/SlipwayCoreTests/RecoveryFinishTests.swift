import History
import Intake
import Pipeline
import Platform
import Secrets
import Settings
import SlipwayCore
import SlipwayModel
import TestSupport
import Testing

/// A source with one commit and no files.
private final class OneCommitSource: SourceRepository {
    let sha = String(repeating: "d", count: 40)
    func commit(_ sha: String) throws -> CommitSummary {
        CommitSummary(sha: sha, subject: "fix: the slow one", authorName: "Ann", authorEmail: "ann@x")
    }
    func readFile(_ path: String, at sha: String) throws -> [UInt8]? { nil }
    func checkOut(_ sha: String, into directory: String) throws {}
    var displayName: String { "app" }
    var location: String { "memory://" }
}

/// Records what recovery published.
private final class Publications: ResultPublishing {
    var notes: [(status: RunStatus, report: String)] = []
    var webhooks: [RunStatus] = []
    func updateChangelog(_ finished: FinishedRun) -> String? { nil }
    func plannedNotifications(_ finished: FinishedRun) -> [String] { ["Webhook x is called"] }
    func attachReport(_ finished: FinishedRun) -> String? {
        notes.append((finished.status, finished.report))
        return nil
    }
    func notify(_ finished: FinishedRun, secrets: RunSecrets) -> [String] {
        webhooks.append(finished.status)
        return []
    }
}

@Suite("Recovery finishes a dead worker's run like any other run")
struct RecoveryFinishTests {
    @Test("an orphaned run is INTERRUPTED with the configured report template, a git note and its webhooks, and queued again")
    func interruptedRunIsFinished() throws {
        let scratch = ScratchDirectory("recovery-finish")
        var settings = SlipwaySettings(gitDirectory: scratch.path)
        settings.reportTemplate = try scratch.write("custom.mustache", "CUSTOM {{number}} {{status}}: {{failure}}\n")
        let store = try HistoryStore.open(settings.paths.database)
        let source = OneCommitSource()
        let request = BuildRequest(ref: "refs/heads/main", branch: "main", refKind: .branch, oldSha: RefUpdate.zeroSha,
                                   newSha: source.sha, trigger: .push, initiator: "t", policy: QueuePolicy())
        // A worker that no longer exists: this pid with a start time it never had.
        let dead = ProcessIdentity(pid: ProcessIdentity.current.pid, startTime: 1)
        let run = try store.startImmediately(request, worker: dead)
        let publications = Publications()
        let recovery = Recovery(store: store, settings: settings, makeContext: {
            var context = PipelineContext(settings: settings, store: store, source: source, secrets: NoSecrets())
            context.publisher = publications
            return context
        })
        let messages = try recovery.recoverOrphans()
        #expect(messages.count == 1 && messages[0].contains("queued again as #2"))
        let interrupted = try #require(try store.run(run.id))
        #expect(interrupted.status == .interrupted)
        let report = try readTextFile(try #require(interrupted.reportPath))
        #expect(report.hasPrefix("CUSTOM 1 INTERRUPTED: The build was interrupted: its worker (pid \(dead.pid)) died"))
        #expect(publications.notes.map(\.status) == [.interrupted] && publications.notes.first?.report == report)
        #expect(publications.webhooks == [.interrupted])
        #expect(interrupted.subject == "fix: the slow one", "the row has the commit's subject, as every finished run does")
        #expect(try store.run(2)?.status == .queued)
        #expect(try recovery.recoverOrphans().isEmpty, "a run is recovered once")
        #expect(publications.notes.count == 1)
    }
}
