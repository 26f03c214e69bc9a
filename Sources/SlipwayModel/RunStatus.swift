/// Where a run stands. The finished words are CodeBuild's (SUCCEEDED, FAILED, FAULT, TIMED_OUT,
/// STOPPED); the others are the queue's.
package enum RunStatus: String, Sendable, Codable, CaseIterable {
    /// Waiting for a worker.
    case queued = "QUEUED"
    /// A worker is building it.
    case inProgress = "IN_PROGRESS"
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    /// Slipway itself could not run the build (a missing commit, a full disk).
    case fault = "FAULT"
    case timedOut = "TIMED_OUT"
    /// Cancelled by a user or by a newer push with cancel-running.
    case stopped = "STOPPED"
    /// Replaced, before it started, by a newer push of the same branch.
    case superseded = "SUPERSEDED"
    /// Its worker died while it ran; it is queued again as a new run.
    case interrupted = "INTERRUPTED"

    /// True once the run will not change any more.
    package var isFinished: Bool { self != .queued && self != .inProgress }
}
