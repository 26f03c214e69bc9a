/// CodeBuild's status words, used for phases and builds alike (§2.2), plus SKIPPED for a phase
/// that did not run.
package enum BuildStatus: String, Sendable, Codable, CaseIterable {
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    case fault = "FAULT"
    case timedOut = "TIMED_OUT"
    case stopped = "STOPPED"
    case inProgress = "IN_PROGRESS"
    case skipped = "SKIPPED"
}

/// What happened in one phase.
package struct PhaseRecord: Sendable, Equatable {
    /// CodeBuild's phase name: INSTALL, PRE_BUILD, BUILD, POST_BUILD (or Slipway's own, such as IMAGES).
    package let name: String
    package var status: BuildStatus
    /// Exit status of the command that failed, or 0 when every command succeeded; nil when not run.
    package var exitCode: Int32?
    /// Epoch milliseconds.
    package var startedAt: Int64
    package var finishedAt: Int64
    /// CodeBuild's phase context: a status code and message, such as
    /// `COMMAND_EXECUTION_ERROR: Error while executing command: make. Reason: exit status 2`.
    package var context: String?
    /// The command that failed, with its buildspec line.
    package var failedCommand: String?
    package var failedCommandLine: Int?

    package init(name: String, status: BuildStatus, exitCode: Int32? = nil, startedAt: Int64, finishedAt: Int64,
                 context: String? = nil, failedCommand: String? = nil, failedCommandLine: Int? = nil) {
        self.name = name
        self.status = status
        self.exitCode = exitCode
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.context = context
        self.failedCommand = failedCommand
        self.failedCommandLine = failedCommandLine
    }

    /// Wall time of the phase.
    package var durationMilliseconds: Int64 { max(0, finishedAt - startedAt) }
}
