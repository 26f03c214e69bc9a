import GRDB
import Platform
import SlipwayModel

/// Everything recorded when a run finishes.
package struct RunOutcome: Sendable {
    package var status: RunStatus
    package var finishedAt: Int64
    package var phases: [PhaseRow]
    package var exportedVariables: [(name: String, value: String)]
    package var warnings: [String]
    package var error: String?
    package var reportPath: String?
    /// The commit's subject and author, masked.
    package var subject: String?
    package var author: String?
    /// Image tags pushed (or not).
    package var images: [ImageRow] = []
    /// Artifacts kept.
    package var artifacts: [ArtifactRow] = []

    package init(status: RunStatus, finishedAt: Int64, phases: [PhaseRow] = [],
                 exportedVariables: [(name: String, value: String)] = [], warnings: [String] = [],
                 error: String? = nil, reportPath: String? = nil) {
        self.status = status
        self.finishedAt = finishedAt
        self.phases = phases
        self.exportedVariables = exportedVariables
        self.warnings = warnings
        self.error = error
        self.reportPath = reportPath
    }
}

extension HistoryStore {
    /// Records where a started run keeps its log and work directory.
    package func recordStart(_ number: Int64, logPath: String, workDir: String) throws {
        try write { db in
            try db.execute(sql: "UPDATE run SET logPath = ?, workDir = ? WHERE number = ?",
                           arguments: [logPath, workDir, number])
        }
    }

    /// Records the commit a run builds when the push named an annotated tag object.
    package func recordSourceVersion(_ number: Int64, sha: String) throws {
        try write { db in
            try db.execute(sql: "UPDATE run SET newSha = ? WHERE number = ?", arguments: [sha, number])
        }
    }

    /// Records the build's process group once it exists.
    package func recordProcessGroup(_ number: Int64, _ group: Int32) throws {
        try write { db in
            try db.execute(sql: "UPDATE run SET processGroup = ? WHERE number = ?", arguments: [group, number])
        }
    }

    /// Records a finished run with its phases, exported variables and warnings (all already masked).
    package func finish(_ number: Int64, _ outcome: RunOutcome) throws {
        try write { db in
            try db.execute(sql: """
                UPDATE run SET status = ?, finishedAt = ?, error = ?, reportPath = COALESCE(?, reportPath),
                    subject = COALESCE(?, subject), author = COALESCE(?, author)
                WHERE number = ?
                """, arguments: [outcome.status.rawValue, outcome.finishedAt, outcome.error, outcome.reportPath,
                                 outcome.subject, outcome.author, number])
            try db.execute(sql: "DELETE FROM phase WHERE runNumber = ?", arguments: [number])
            for phase in outcome.phases { try phase.insert(db) }
            try db.execute(sql: "DELETE FROM exportedVariable WHERE runNumber = ?", arguments: [number])
            for variable in outcome.exportedVariables {
                try ExportedVariableRow(runNumber: number, name: variable.name, value: variable.value).insert(db)
            }
            try db.execute(sql: "DELETE FROM image WHERE runNumber = ?", arguments: [number])
            for image in outcome.images { try image.insert(db) }
            try db.execute(sql: "DELETE FROM artifact WHERE runNumber = ?", arguments: [number])
            for artifact in outcome.artifacts { try artifact.insert(db) }
            try db.execute(sql: "DELETE FROM warning WHERE runNumber = ?", arguments: [number])
            for (position, message) in outcome.warnings.enumerated() {
                try WarningRow(runNumber: number, position: position, message: message).insert(db)
            }
        }
    }

    /// Sets the report path of a run (written after the run is recorded as finished).
    package func recordReport(_ number: Int64, path: String) throws {
        try write { db in
            try db.execute(sql: "UPDATE run SET reportPath = ? WHERE number = ?", arguments: [path, number])
        }
    }

    /// Asks a queued or running run to stop. A queued run is stopped at once; a running one is
    /// flagged and its worker stops it within a fraction of a second. Returns the run as it was.
    package func requestCancel(_ number: Int64, now: Int64 = Clock.nowMilliseconds()) throws -> RunRecord {
        try write { db in
            guard let run = try RunRecord.fetchOne(db, key: number) else { throw HistoryError.noSuchRun(number) }
            switch run.status {
            case .queued:
                try db.execute(sql: """
                    UPDATE run SET status = 'STOPPED', finishedAt = ?, error = 'cancelled before it started' WHERE number = ?
                    """, arguments: [now, number])
            case .inProgress:
                try db.execute(sql: "UPDATE run SET cancelRequested = 1 WHERE number = ?", arguments: [number])
            default:
                throw HistoryError.alreadyFinished(number, run.status)
            }
            return run
        }
    }

    /// True when someone asked this run to stop.
    package func isCancelRequested(_ number: Int64) throws -> Bool {
        try read { try Bool.fetchOne($0, sql: "SELECT cancelRequested FROM run WHERE number = ?", arguments: [number]) ?? false }
    }
}
