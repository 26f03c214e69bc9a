import Containers
import History
import Pipeline
import Platform
import Runner
import Settings
import SlipwayModel
#if canImport(Glibc)
import Glibc
#endif

/// Finds runs whose worker died (SIGKILL, a reboot), kills what is left of them, marks them
/// INTERRUPTED with their log kept, finishes them through the same `RunFinisher` as every other
/// run (the configured report template, the git note, `on: failure` webhooks), and queues them
/// again as new runs (up to `queue.requeue-interrupted` times). Safe to run from several
/// processes at once: only the one that marks a run INTERRUPTED finishes it.
package struct Recovery {
    let store: HistoryStore
    let settings: SlipwaySettings
    /// The context a recovered run is finished with (nil: history and log only).
    let makeContext: () throws -> PipelineContext

    package init(store: HistoryStore, settings: SlipwaySettings, makeContext: (() throws -> PipelineContext)? = nil) {
        self.store = store
        self.settings = settings
        self.makeContext = makeContext ?? { try PipelineFactory(settings: settings, store: store).makeContext() }
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
            let retry = requeued > 0 ? try store.run(requeued) : nil
            let superseded = retry?.status == .superseded
            finish(run, reason: reason, requeued: superseded ? 0 : requeued, supersededBy: superseded ? retry?.supersededBy : nil)
            if let retry, superseded {
                messages.append("run #\(run.id) INTERRUPTED (\(reason)); not built again: #\(retry.supersededBy ?? 0) is a newer push of \(run.branch) (recorded as #\(retry.id), SUPERSEDED)")
            } else {
                messages.append(requeued > 0
                    ? "run #\(run.id) INTERRUPTED (\(reason)); queued again as #\(requeued)"
                    : "run #\(run.id) INTERRUPTED (\(reason)); not queued again (attempt \(run.attempt) of \(settings.queue.requeueInterrupted + 1))")
            }
        }
        return messages
    }

    /// Every process of the dead build carries its SLIPWAY_RUN_TOKEN: kill them all, including
    /// any that left the build's process group.
    private func killLeftovers(of run: RunRecord) {
        for pid in ProcessGroups.processes(withEnvironmentEntry: "SLIPWAY_RUN_TOKEN=\(run.buildId)") {
            kill(pid, SIGKILL)
        }
        // The dead build's carried variables (secrets among them) go with it.
        try? removeTree(RunPaths(settings: settings, run: run.claimed).stateDirectory)
        // A build container ends itself when its worker dies, unless the worker died before starting it.
        if let engine = ExecutorChoice(settings: settings, hostEnvironment: ProcessEnvironment.current()).containerEngine(forBranch: run.branch) {
            engine.removeContainers(labelled: "slipway.run=\(run.buildId)")
        }
    }

    private func finish(_ run: RunRecord, reason: String, requeued: Int64, supersededBy newer: Int64?) {
        var result = RunResult(run: run.claimed)
        result.status = .interrupted
        result.failure = "The build was interrupted: \(reason)." + (requeued > 0 ? " It was queued again as run #\(requeued)." : "")
            + (newer.map { " It is not built again: run #\($0) is a newer push of \(run.branch)." } ?? "")
        result.logPath = run.logPath
        result.logTailTitle = "Log tail: last 50 lines before the interruption"
        let log = run.logPath.flatMap { try? LogWriter(path: $0) }
        if let log { ContainerLog(sink: log).line("Build interrupted: \(reason)") }
        do {
            let context = try makeContext()
            result.commit = try? context.source.commit(run.newSha)
            RunFinisher(context: context).finish(result, log: log)
        } catch {
            // Without the repository there is no report to render: history and the log still say what happened.
            log?.finish()
            printError("slipway: run #\(run.id) is INTERRUPTED, but its report could not be written: \(error)")
        }
    }
}
