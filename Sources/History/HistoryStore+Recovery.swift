import GRDB
import Intake
import Platform
import SlipwayModel

extension HistoryStore {
    /// Runs marked IN_PROGRESS whose worker process is gone.
    package func orphanedRuns() throws -> [RunRecord] {
        let running = try read { try RunRecord.fetchAll($0, sql: "SELECT * FROM run WHERE status = 'IN_PROGRESS' ORDER BY number") }
        return running.filter { run in
            guard let pid = run.workerPid, let start = run.workerStart else { return true }
            return !ProcessIdentity(pid: pid, startTime: UInt64(start)).isAlive
        }
    }

    /// Marks an orphaned run INTERRUPTED and, while it has tries left, queues its SHA again as
    /// a new run that obeys the branch's queue mode like any push: in `supersede` mode a newer
    /// push of the same ref replaces it (the new run is recorded SUPERSEDED by the newest one);
    /// otherwise it keeps the original run's place in the queue (its queuedAt), so it builds
    /// before pushes that came after it. Returns nil when another process recovered it first;
    /// otherwise the new run's number (or 0 when it is not queued again).
    package func markInterrupted(_ run: RunRecord, reason: String, maxRequeues: Int,
                                 now: Int64 = Clock.nowMilliseconds()) throws -> Int64? {
        try write { db in
            try db.execute(sql: """
                UPDATE run SET status = 'INTERRUPTED', finishedAt = ?, error = ? WHERE number = ? AND status = 'IN_PROGRESS'
                """, arguments: [now, reason, run.id])
            guard db.changesCount == 1 else { return nil }
            guard run.attempt <= maxRequeues else { return 0 }
            var again = RunRecord(buildId: makeBuildId(), branch: run.branch, ref: run.ref, refKind: run.refKind,
                                  oldSha: run.oldSha, newSha: run.newSha, trigger: .requeue, initiator: run.initiator,
                                  queueMode: run.queueMode, queuedAt: run.queuedAt)
            again.retryOf = run.id
            again.attempt = run.attempt + 1
            let newest = try Int64.fetchOne(db, sql: """
                SELECT MAX(number) FROM run WHERE ref = ? AND number > ? AND trigger != 'requeue'
                """, arguments: [run.ref, run.id])
            if run.queueMode == QueueMode.supersede.rawValue, let newest {
                // Building the older commit after the newer one would move the branch back.
                again.status = .superseded
                again.supersededBy = newest
                again.finishedAt = now
                again.error = "replaced by #\(newest), a newer push of \(run.branch), before it could build again"
            }
            try again.insert(db)
            return again.id
        }
    }

    /// Inserts a run that this process builds at once (`slipway run`), bypassing the queue.
    package func startImmediately(_ request: BuildRequest, worker: ProcessIdentity,
                                  now: Int64 = Clock.nowMilliseconds()) throws -> RunRecord {
        try write { db in
            var run = RunRecord(buildId: makeBuildId(), branch: request.branch, ref: request.ref, refKind: request.refKind,
                                oldSha: request.oldSha, newSha: request.newSha, trigger: request.trigger,
                                initiator: request.initiator, status: .inProgress, queueMode: request.policy.mode.rawValue,
                                queuedAt: now)
            run.startedAt = now
            run.workerPid = worker.pid
            run.workerStart = Int64(worker.startTime)
            try run.insert(db)
            return run
        }
    }
}
