import History
import Masking
import Platform
import Reporting
import Runner
import Settings
#if canImport(Glibc)
import Glibc
#endif

/// Finds runs whose worker died (SIGKILL, a reboot), kills what is left of them, marks them
/// INTERRUPTED with their log kept, and queues them again as new runs (up to
/// `queue.requeue-interrupted` times). Safe to run from several processes at once.
package struct Recovery {
    let store: HistoryStore
    let settings: SlipwaySettings

    package init(store: HistoryStore, settings: SlipwaySettings) {
        self.store = store
        self.settings = settings
    }

    /// Recovers every orphaned run; returns one message per run.
    @discardableResult
    package func recoverOrphans() throws -> [String] {
        var messages: [String] = []
        for run in try store.orphanedRuns() {
            killLeftovers(of: run)
            let worker = run.workerPid.map { "pid \($0)" } ?? "unknown"
            let reason = "its worker (\(worker)) died while the build ran; the build's processes were killed"
            guard let requeued = try store.markInterrupted(run, reason: reason, maxRequeues: settings.queue.requeueInterrupted) else {
                continue
            }
            appendToLog(run, "Build interrupted: \(reason)")
            writeReport(for: run, reason: reason, requeued: requeued)
            messages.append(requeued > 0
                ? "run #\(run.id) INTERRUPTED (\(reason)); queued again as #\(requeued)"
                : "run #\(run.id) INTERRUPTED (\(reason)); not queued again (attempt \(run.attempt) of \(settings.queue.requeueInterrupted + 1))")
        }
        return messages
    }

    /// Every process of the dead build carries its SLIPWAY_RUN_TOKEN: kill them all, including
    /// any that left the build's process group.
    private func killLeftovers(of run: RunRecord) {
        for pid in ProcessGroups.processes(withEnvironmentEntry: "SLIPWAY_RUN_TOKEN=\(run.buildId)") {
            kill(pid, SIGKILL)
        }
    }

    private func appendToLog(_ run: RunRecord, _ message: String) {
        guard let path = run.logPath, let log = try? LogWriter(path: path) else { return }
        ContainerLog(sink: log).line(message)
        log.finish()
    }

    private func writeReport(for run: RunRecord, reason: String, requeued: Int64) {
        var report = RunReport(number: run.id, status: RunStatus.interrupted.rawValue,
                               repository: repositoryName(gitDirectory: settings.gitDirectory), branch: run.branch,
                               refKind: run.refKind.rawValue, sha: run.newSha,
                               shortSha: String(run.newSha.prefix(settings.images.shortShaLength)),
                               trigger: run.trigger.rawValue, initiator: run.initiator,
                               buildId: run.buildId, subject: run.subject ?? "", author: run.author ?? "")
        report.startedAt = run.startedAt
        report.finishedAt = Clock.nowMilliseconds()
        report.failure = "The build was interrupted: \(reason)." + (requeued > 0 ? " It was queued again as run #\(requeued)." : "")
        if let log = run.logPath {
            report.logTail = LogTail.lastLines(of: log, count: 50)
            report.logTailTitle = "Log tail: last 50 lines before the interruption"
        }
        let path = RunPaths(settings: settings, run: run).report
        guard let text = try? report.render() else { return }
        do {
            try makeDirectories(parentDirectory(path))
            try writeTextFileAtomically(path, text)
            try store.recordReport(run.id, path: path)
        } catch {
            printError("slipway: could not write the report of interrupted run #\(run.id): \(error)")
        }
    }
}
