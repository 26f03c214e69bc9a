import Platform
import SlipwayModel

/// The queue's schema version (PRAGMA user_version). The `History` module owns the migrations
/// and writes this number; the hook only writes to a database whose schema it knows.
package enum QueueSchema {
    package static let version = 2
}

/// What became of a build request.
package enum EnqueueOutcome: Sendable, Equatable {
    /// Queued as run `number`; queued runs it replaced, and running runs asked to stop.
    case queued(number: Int64, superseded: [Int64], cancelled: [Int64])
    /// This SHA is already the last one queued for the ref (a poll and a hook saw the same push).
    case alreadyQueued(sha: String)
}

/// The one implementation of queueing, in plain SQL on a raw connection: the hook uses it on its
/// own connection, `HistoryStore` on GRDB's.
package struct QueueWriter {
    let database: RawSQLiteConnection

    package init(database: RawSQLiteConnection) {
        self.database = database
    }

    /// Queues requests in one IMMEDIATE transaction (one fsync for a whole push), applying each
    /// branch's queue mode: in supersede mode a newer push replaces queued, not yet started runs
    /// of the same ref; with cancel-running, running runs of the ref are asked to stop.
    package func enqueue(_ requests: [BuildRequest], now: Int64 = Clock.nowMilliseconds()) throws -> [EnqueueOutcome] {
        try database.immediateTransaction {
            try requests.map { try enqueueOne($0, now: now) }
        }
    }

    private func enqueueOne(_ request: BuildRequest, now: Int64) throws -> EnqueueOutcome {
        if !request.force,
           let last = try database.query("SELECT sha FROM refHead WHERE ref = ?", [.text(request.ref)]).first?.first ?? nil,
           last == request.newSha {
            return .alreadyQueued(sha: request.newSha)
        }
        try database.query("""
            INSERT INTO run (buildId, branch, ref, refKind, oldSha, newSha, trigger, initiator, status, queueMode, queuedAt,
                             cancelRequested, retryOf, attempt, pruned)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'QUEUED', ?, ?, 0, ?, ?, 0)
            """, [.text(makeBuildId()), .text(request.branch), .text(request.ref), .text(request.refKind.rawValue),
                  .text(request.oldSha), .text(request.newSha), .text(request.trigger.rawValue), .text(request.initiator),
                  .text(request.policy.mode.rawValue), .integer(now), request.retryOf.map(SQLiteValue.integer) ?? .null,
                  .integer(Int64(request.attempt))])
        let number = database.lastInsertedRowID
        var superseded: [Int64] = []
        if request.policy.mode == .supersede {
            superseded = try numbers("SELECT number FROM run WHERE ref = ? AND status = 'QUEUED' AND number < ? ORDER BY number",
                                     request.ref, number)
            try database.query("""
                UPDATE run SET status = 'SUPERSEDED', supersededBy = ?, finishedAt = ?
                WHERE ref = ? AND status = 'QUEUED' AND number < ?
                """, [.integer(number), .integer(now), .text(request.ref), .integer(number)])
        }
        var cancelled: [Int64] = []
        if request.policy.cancelRunning {
            cancelled = try numbers("SELECT number FROM run WHERE ref = ? AND status = 'IN_PROGRESS' AND number < ? ORDER BY number",
                                    request.ref, number)
            try database.query("UPDATE run SET cancelRequested = 1 WHERE ref = ? AND status = 'IN_PROGRESS' AND number < ?",
                               [.text(request.ref), .integer(number)])
        }
        // Retries and manual runs rebuild a SHA on purpose: they do not move the ref's
        // last-queued head, which is what poll compares the branch tip with.
        if !request.force {
            try database.query("""
                INSERT INTO refHead (ref, sha, updatedAt) VALUES (?, ?, ?)
                ON CONFLICT(ref) DO UPDATE SET sha = excluded.sha, updatedAt = excluded.updatedAt
                """, [.text(request.ref), .text(request.newSha), .integer(now)])
        }
        return .queued(number: number, superseded: superseded, cancelled: cancelled)
    }

    /// Forgets a deleted ref, so that a later branch of the same name counts as new.
    package func forgetRef(_ ref: String) throws {
        try database.query("DELETE FROM refHead WHERE ref = ?", [.text(ref)])
    }

    /// The last SHA queued for each ref.
    package func refHeads() throws -> [String: String] {
        var heads: [String: String] = [:]
        for row in try database.query("SELECT ref, sha FROM refHead") {
            if let ref = row[0], let sha = row[1] { heads[ref] = sha }
        }
        return heads
    }

    private func numbers(_ sql: String, _ ref: String, _ below: Int64) throws -> [Int64] {
        try database.query(sql, [.text(ref), .integer(below)]).compactMap { $0.first.flatMap { $0 }.flatMap { Int64($0) } }
    }
}

/// A random UUID (version 4 layout), the part of CODEBUILD_BUILD_ID after the project name.
package func makeBuildId() -> String {
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
