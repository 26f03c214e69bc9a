/// Directories Slipway writes to.
package struct StatePaths: Sendable, Equatable {
    /// Database and locks.
    package var state: String
    /// One work directory per run.
    package var work: String
    /// Markdown reports, as `<branch>/<number>.md`.
    package var reports: String
    /// One log file per run.
    package var logs: String

    package init(state: String, work: String? = nil, reports: String? = nil, logs: String? = nil) {
        self.state = state
        self.work = work ?? state + "/work"
        self.reports = reports ?? state + "/reports"
        self.logs = logs ?? state + "/logs"
    }

    /// The SQLite history and queue.
    package var database: String { state + "/history.sqlite" }
    /// Held by the worker that drains the queue.
    package var workerLock: String { state + "/worker.lock" }
    /// Held by a running `slipway poll`.
    package var pollLock: String { state + "/poll.lock" }
    /// Where the detached worker writes its own messages.
    package var workerLog: String { state + "/worker.log" }
}
