import GRDB

extension HistoryStore {
    /// A run by number.
    package func run(_ number: Int64) throws -> RunRecord? {
        try read { try RunRecord.fetchOne($0, key: number) }
    }

    /// Runs, newest first, optionally of one branch.
    package func runs(branch: String? = nil, limit: Int = 50) throws -> [RunRecord] {
        try read { db in
            if let branch {
                return try RunRecord.fetchAll(db, sql: "SELECT * FROM run WHERE branch = ? ORDER BY number DESC LIMIT ?",
                                              arguments: [branch, limit])
            }
            return try RunRecord.fetchAll(db, sql: "SELECT * FROM run ORDER BY number DESC LIMIT ?", arguments: [limit])
        }
    }

    /// The phases of a run, in order.
    package func phases(of number: Int64) throws -> [PhaseRow] {
        try read { try PhaseRow.fetchAll($0, sql: "SELECT * FROM phase WHERE runNumber = ? ORDER BY position", arguments: [number]) }
    }

    /// The exported variables of a run.
    package func exportedVariables(of number: Int64) throws -> [ExportedVariableRow] {
        try read {
            try ExportedVariableRow.fetchAll($0, sql: "SELECT * FROM exportedVariable WHERE runNumber = ? ORDER BY name",
                                             arguments: [number])
        }
    }

    /// The artifacts a run kept, in buildspec order.
    package func artifacts(of number: Int64) throws -> [ArtifactRow] {
        try read { db in
            try ArtifactRow.filter(Column("runNumber") == number).order(Column("position")).fetchAll(db)
        }
    }

    /// The image tags of a run.
    package func images(of number: Int64) throws -> [ImageRow] {
        try read { try ImageRow.fetchAll($0, sql: "SELECT * FROM image WHERE runNumber = ? ORDER BY position", arguments: [number]) }
    }

    /// The warnings of a run.
    package func warnings(of number: Int64) throws -> [String] {
        try read {
            try String.fetchAll($0, sql: "SELECT message FROM warning WHERE runNumber = ? ORDER BY position", arguments: [number])
        }
    }

    /// The newest successful run of a ref before run `number`: the start of a changelog range.
    package func lastSuccessfulRun(ref: String, before number: Int64) throws -> RunRecord? {
        try read {
            try RunRecord.fetchOne($0, sql: """
                SELECT * FROM run WHERE ref = ? AND status = 'SUCCEEDED' AND number < ? ORDER BY number DESC LIMIT 1
                """, arguments: [ref, number])
        }
    }

    /// Successful tag builds before run `number`, newest first: where a release's changelog starts.
    package func successfulTagRuns(before number: Int64, limit: Int) throws -> [RunRecord] {
        try read {
            try RunRecord.fetchAll($0, sql: """
                SELECT * FROM run WHERE refKind = 'tag' AND status = 'SUCCEEDED' AND number < ? ORDER BY number DESC LIMIT ?
                """, arguments: [number, limit])
        }
    }

    /// Runs that a newer run replaced, directly or through a chain of superseded runs (their
    /// commits are part of the newer run's changes).
    package func runsSuperseded(by number: Int64) throws -> [RunRecord] {
        try read {
            try RunRecord.fetchAll($0, sql: """
                WITH RECURSIVE replaced(number) AS (
                    SELECT number FROM run WHERE supersededBy = ?
                    UNION SELECT run.number FROM run JOIN replaced ON run.supersededBy = replaced.number
                )
                SELECT * FROM run WHERE number IN (SELECT number FROM replaced) ORDER BY number
                """, arguments: [number])
        }
    }

    /// Every run of any status, oldest first (for tests and exports).
    package func allRuns() throws -> [RunRecord] {
        try read { try RunRecord.fetchAll($0, sql: "SELECT * FROM run ORDER BY number") }
    }
}

extension HistoryStore {
    /// Finished, not yet pruned runs of a branch beyond the newest `keep`.
    package func runsBeyondRetention(branch: String, keep: Int) throws -> [RunRecord] {
        try read {
            try RunRecord.fetchAll($0, sql: """
                SELECT * FROM run WHERE branch = ? AND pruned = 0 AND status NOT IN ('QUEUED', 'IN_PROGRESS')
                ORDER BY number DESC LIMIT -1 OFFSET ?
                """, arguments: [branch, keep])
        }
    }

    /// Marks a run's files as removed.
    package func markPruned(_ number: Int64) throws {
        try write { db in
            try db.execute(sql: "UPDATE run SET pruned = 1 WHERE number = ? AND status NOT IN ('QUEUED', 'IN_PROGRESS')",
                           arguments: [number])
        }
    }
}
