import GRDB
import Platform
import Settings

/// A ref update that should become a build.
package struct BuildRequest: Sendable, Equatable {
    package var ref: String
    package var branch: String
    package var refKind: RefKind
    package var oldSha: String
    package var newSha: String
    package var trigger: Trigger
    package var initiator: String
    package var policy: QueuePolicy
    /// Queue even when this SHA is already the last one queued for the ref (manual runs, retries).
    package var force = false
    package var retryOf: Int64?
    package var attempt = 1

    package init(ref: String, branch: String, refKind: RefKind, oldSha: String, newSha: String, trigger: Trigger,
                 initiator: String, policy: QueuePolicy) {
        self.ref = ref
        self.branch = branch
        self.refKind = refKind
        self.oldSha = oldSha
        self.newSha = newSha
        self.trigger = trigger
        self.initiator = initiator
        self.policy = policy
    }
}

/// What became of a build request.
package enum EnqueueOutcome: Sendable, Equatable {
    /// Queued as run `number`; queued runs it replaced, and running runs asked to stop.
    case queued(number: Int64, superseded: [Int64], cancelled: [Int64])
    /// This SHA is already the last one queued for the ref (a poll and a hook saw the same push).
    case alreadyQueued(sha: String)
}

extension HistoryStore {
    /// Queues requests in one transaction (one fsync for a whole push), applying each branch's
    /// queue mode: in supersede mode a newer push replaces queued, not yet started runs of the
    /// same ref; with cancel-running, running runs of the ref are asked to stop.
    package func enqueue(_ requests: [BuildRequest], now: Int64 = Clock.nowMilliseconds()) throws -> [EnqueueOutcome] {
        try write { db in
            try requests.map { request in
                if !request.force,
                   let last = try String.fetchOne(db, sql: "SELECT sha FROM refHead WHERE ref = ?", arguments: [request.ref]),
                   last == request.newSha {
                    return .alreadyQueued(sha: request.newSha)
                }
                var run = RunRecord(buildId: makeBuildId(), branch: request.branch, ref: request.ref, refKind: request.refKind,
                                    oldSha: request.oldSha, newSha: request.newSha, trigger: request.trigger,
                                    initiator: request.initiator, queueMode: request.policy.mode.rawValue, queuedAt: now)
                run.retryOf = request.retryOf
                run.attempt = request.attempt
                try run.insert(db)
                let number = run.id
                var superseded: [Int64] = []
                if request.policy.mode == .supersede {
                    superseded = try Int64.fetchAll(db, sql: """
                        SELECT number FROM run WHERE ref = ? AND status = 'QUEUED' AND number < ? ORDER BY number
                        """, arguments: [request.ref, number])
                    try db.execute(sql: """
                        UPDATE run SET status = 'SUPERSEDED', supersededBy = ?, finishedAt = ?
                        WHERE ref = ? AND status = 'QUEUED' AND number < ?
                        """, arguments: [number, now, request.ref, number])
                }
                var cancelled: [Int64] = []
                if request.policy.cancelRunning {
                    cancelled = try Int64.fetchAll(db, sql: """
                        SELECT number FROM run WHERE ref = ? AND status = 'IN_PROGRESS' AND number < ?
                        """, arguments: [request.ref, number])
                    try db.execute(sql: """
                        UPDATE run SET cancelRequested = 1 WHERE ref = ? AND status = 'IN_PROGRESS' AND number < ?
                        """, arguments: [request.ref, number])
                }
                // Retries and manual runs rebuild a SHA on purpose: they do not move the ref's
                // last-queued head, which is what poll compares the branch tip with.
                if !request.force {
                    try db.execute(sql: """
                        INSERT INTO refHead (ref, sha, updatedAt) VALUES (?, ?, ?)
                        ON CONFLICT(ref) DO UPDATE SET sha = excluded.sha, updatedAt = excluded.updatedAt
                        """, arguments: [request.ref, request.newSha, now])
                }
                return .queued(number: number, superseded: superseded, cancelled: cancelled)
            }
        }
    }

    /// Forgets a deleted ref, so that a later branch of the same name counts as new.
    package func forgetRef(_ ref: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM refHead WHERE ref = ?", arguments: [ref]) }
    }

    /// The last SHA queued for each ref.
    package func refHeads() throws -> [String: String] {
        try read { db in
            var heads: [String: String] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT ref, sha FROM refHead")
            while let row = try rows.next() { heads[row[0]] = row[1] }
            return heads
        }
    }

    /// Takes the oldest queued run that may start now, marking it IN_PROGRESS for `worker`.
    /// A run waits while another run of its ref is in progress, unless its mode is parallel.
    package func claimNext(worker: ProcessIdentity, now: Int64 = Clock.nowMilliseconds()) throws -> RunRecord? {
        try write { db in
            let busyRefs = Set(try String.fetchAll(db, sql: "SELECT DISTINCT ref FROM run WHERE status = 'IN_PROGRESS'"))
            let queued = try RunRecord.fetchAll(db, sql: "SELECT * FROM run WHERE status = 'QUEUED' ORDER BY number")
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

/// A random UUID (version 4 layout), the part of CODEBUILD_BUILD_ID after the project name.
func makeBuildId() -> String {
    let digits = Array("0123456789abcdef")
    var hex = (0..<32).map { _ in digits[Int.random(in: 0..<16)] }
    hex[12] = "4"
    hex[16] = digits[8 + Int.random(in: 0..<4)]
    let text = String(hex)
    let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
        String(text.dropFirst(range.lowerBound).prefix(range.count))
    }
    return parts.joined(separator: "-")
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
