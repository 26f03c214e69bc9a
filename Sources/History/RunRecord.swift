import GRDB
import SlipwayModel

/// One run: a row of the `run` table. The number is the run's name, per repository, never reused.
package struct RunRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "run"

    package var number: Int64?
    /// A random UUID; CODEBUILD_BUILD_ID is `<project>:<buildId>`.
    package var buildId: String
    /// Branch or tag name ("main", "v1.2").
    package var branch: String
    /// Full ref ("refs/heads/main").
    package var ref: String
    package var refKind: RefKind
    /// SHA the ref had before the push (40 zeros for a new ref).
    package var oldSha: String
    /// SHA being built: the resolved source version.
    package var newSha: String
    package var trigger: Trigger
    /// Who or what started it: CODEBUILD_INITIATOR.
    package var initiator: String
    package var status: RunStatus
    package var queueMode: String
    /// Epoch milliseconds.
    package var queuedAt: Int64
    package var startedAt: Int64?
    package var finishedAt: Int64?
    /// The worker building it, named by pid and start time.
    package var workerPid: Int32?
    package var workerStart: Int64?
    /// The build's process group, for cancelling and for recovery.
    package var processGroup: Int32?
    package var cancelRequested: Bool
    package var supersededBy: Int64?
    /// The run this one repeats (retry or requeue).
    package var retryOf: Int64?
    /// 1 for the first try; requeues count up.
    package var attempt: Int
    /// The commit's subject and author, for listings.
    package var subject: String?
    package var author: String?
    /// What went wrong, masked; nil on success.
    package var error: String?
    package var logPath: String?
    package var reportPath: String?
    package var workDir: String?
    /// True once retention removed its files.
    package var pruned: Bool

    package init(number: Int64? = nil, buildId: String, branch: String, ref: String, refKind: RefKind, oldSha: String,
                 newSha: String, trigger: Trigger, initiator: String, status: RunStatus = .queued, queueMode: String,
                 queuedAt: Int64) {
        self.number = number
        self.buildId = buildId
        self.branch = branch
        self.ref = ref
        self.refKind = refKind
        self.oldSha = oldSha
        self.newSha = newSha
        self.trigger = trigger
        self.initiator = initiator
        self.status = status
        self.queueMode = queueMode
        self.queuedAt = queuedAt
        self.cancelRequested = false
        self.attempt = 1
        self.pruned = false
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) {
        number = inserted.rowID
    }

    /// The run number (0 before the row is inserted).
    package var id: Int64 { number ?? 0 }

    /// Wall time from start to finish, when both are known.
    package var durationMilliseconds: Int64? {
        guard let startedAt, let finishedAt else { return nil }
        return finishedAt - startedAt
    }
}

/// A phase of a finished run.
package struct PhaseRow: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "phase"

    package var runNumber: Int64
    package var position: Int
    package var name: String
    package var status: String
    package var exitCode: Int32?
    package var startedAt: Int64
    package var finishedAt: Int64
    package var durationMs: Int64
    package var context: String?

    package init(runNumber: Int64, position: Int, name: String, status: String, exitCode: Int32?, startedAt: Int64,
                 finishedAt: Int64, context: String?) {
        self.runNumber = runNumber
        self.position = position
        self.name = name
        self.status = status
        self.exitCode = exitCode
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.durationMs = max(0, finishedAt - startedAt)
        self.context = context
    }
}

/// An exported variable's final value (masked).
package struct ExportedVariableRow: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "exportedVariable"

    package var runNumber: Int64
    package var name: String
    package var value: String

    package init(runNumber: Int64, name: String, value: String) {
        self.runNumber = runNumber
        self.name = name
        self.value = value
    }
}

/// A warning shown in the run's report (unsupported buildspec keys, short secrets, ...).
package struct WarningRow: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "warning"

    package var runNumber: Int64
    package var position: Int
    package var message: String

    package init(runNumber: Int64, position: Int, message: String) {
        self.runNumber = runNumber
        self.position = position
        self.message = message
    }
}

/// An image tag a run pushed (or failed to push).
package struct ImageRow: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "image"

    package var runNumber: Int64
    package var position: Int
    /// `registry/repository:tag`.
    package var reference: String
    /// `sha256:...`, as the registry serves it.
    package var digest: String?
    /// Compressed size (config and layers).
    package var sizeBytes: Int64?
    /// PUSHED, FAILED or SKIPPED.
    package var status: String
    package var note: String?

    package init(runNumber: Int64, position: Int, reference: String, digest: String?, sizeBytes: Int64?, status: String,
                 note: String?) {
        self.runNumber = runNumber
        self.position = position
        self.reference = reference
        self.digest = digest
        self.sizeBytes = sizeBytes
        self.status = status
        self.note = note
    }
}

/// An artifact a run kept: a zip under the state directory, with its digest.
package struct ArtifactRow: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "artifact"

    package var runNumber: Int64
    package var position: Int
    /// The secondary artifact's identifier; nil for the primary artifact.
    package var identifier: String?
    package var name: String
    /// The zip's path.
    package var path: String
    package var sizeBytes: Int64
    /// SHA-256 of the zip, hex.
    package var sha256: String
    package var fileCount: Int
    /// `s3://bucket/key`, when it was uploaded.
    package var location: String?

    package init(runNumber: Int64, position: Int, identifier: String?, name: String, path: String, sizeBytes: Int64,
                 sha256: String, fileCount: Int, location: String? = nil) {
        self.location = location
        self.runNumber = runNumber
        self.position = position
        self.identifier = identifier
        self.name = name
        self.path = path
        self.sizeBytes = sizeBytes
        self.sha256 = sha256
        self.fileCount = fileCount
    }
}

extension RunRecord {
    /// The run as the pipeline sees it: plain values, no database row.
    package var claimed: ClaimedRun {
        ClaimedRun(number: id, buildId: buildId, ref: ref, branch: branch, refKind: refKind, oldSha: oldSha, newSha: newSha,
                   trigger: trigger, initiator: initiator, startedAt: startedAt, attempt: attempt)
    }
}
