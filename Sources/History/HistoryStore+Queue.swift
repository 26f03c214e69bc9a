import GRDB
import Intake
import Platform
import SlipwayModel

extension HistoryStore {
    /// Queues requests (see `QueueWriter.enqueue`), on this store's own connection.
    package func enqueue(_ requests: [BuildRequest], now: Int64 = Clock.nowMilliseconds()) throws -> [EnqueueOutcome] {
        try withQueueWriter { try $0.enqueue(requests, now: now) }
    }

    /// Forgets a deleted ref, so that a later branch of the same name counts as new.
    package func forgetRef(_ ref: String) throws {
        try withQueueWriter { try $0.forgetRef(ref) }
    }

    /// The last SHA queued for each ref.
    package func refHeads() throws -> [String: String] {
        try withQueueWriter { try $0.refHeads() }
    }

    /// Runs the shared queue SQL on GRDB's writer connection (it manages its own transaction).
    private func withQueueWriter<T>(_ body: (QueueWriter) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in
            guard let handle = db.sqliteConnection else { throw HistoryError.closed(path) }
            return try body(QueueWriter(database: RawSQLiteConnection(borrowing: handle)))
        }
    }

    /// Takes the oldest queued run that may start now, marking it IN_PROGRESS for `worker`.
    /// A run waits while another run of its ref is in progress, unless its mode is parallel.
    package func claimNext(worker: ProcessIdentity, now: Int64 = Clock.nowMilliseconds()) throws -> RunRecord? {
        try write { db in
            let busyRefs = Set(try String.fetchAll(db, sql: "SELECT DISTINCT ref FROM run WHERE status = 'IN_PROGRESS'"))
            // Queue order: a run recovery queued again keeps its original run's queuedAt, and its place.
            let queued = try RunRecord.fetchAll(db, sql: "SELECT * FROM run WHERE status = 'QUEUED' ORDER BY queuedAt, number")
            var blocked = Set<String>()
            for var run in queued {
                let parallel = run.queueMode == QueueMode.parallel.rawValue
                if !parallel && (busyRefs.contains(run.ref) || blocked.contains(run.ref)) {
                    blocked.insert(run.ref)
                    continue
                }
                run.status = .inProgress
                run.startedAt = now
                run.workerPid = worker.pid
                run.workerStart = Int64(worker.startTime)
                try run.update(db)
                return run
            }
            return nil
        }
    }

    /// True while runs are queued.
    package func hasQueuedRuns() throws -> Bool {
        try read { try Bool.fetchOne($0, sql: "SELECT EXISTS(SELECT 1 FROM run WHERE status = 'QUEUED')") ?? false }
    }

    /// Queued and running runs, oldest first.
    package func activeRuns() throws -> [RunRecord] {
        try read { try RunRecord.fetchAll($0, sql: "SELECT * FROM run WHERE status IN ('QUEUED', 'IN_PROGRESS') ORDER BY number") }
    }
}


extension HistoryStore {
    /// True when some queued run could start now (no run of its ref in progress, or parallel mode).
    package func claimableRunExists() throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS(SELECT 1 FROM run AS queued WHERE queued.status = 'QUEUED' AND (queued.queueMode = 'parallel'
                    OR NOT EXISTS(SELECT 1 FROM run AS busy WHERE busy.status = 'IN_PROGRESS' AND busy.ref = queued.ref)))
                """) ?? false
        }
    }
}
