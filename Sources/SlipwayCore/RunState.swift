import BuildSpec
import History
import Runner

/// What the pipeline learns about a run as it goes, for history and the report.
struct RunState {
    var run: RunRecord
    var commit: CommitSummary?
    var phases: [PhaseRecord] = []
    /// Phases named in the buildspec that did not run, with the reason.
    var skipped: [(name: String, reason: String)] = []
    var warnings: [String] = []
    var exportedVariables: [(name: String, value: String)] = []
    var images: [PublishedImage] = []
    var imagesNote: String?
    var failure: String?
    var status: RunStatus = .inProgress
    /// Byte offsets of each phase's lines in the log, for the log tail.
    var phaseLogRanges: [String: Range<Int64>] = [:]
    var changes: ChangeSummary?

    init(run: RunRecord) {
        self.run = run
    }

    /// The phase whose log tail the report shows: the first that did not succeed.
    var failingPhase: PhaseRecord? {
        phases.first { $0.status != .succeeded && $0.status != .skipped }
    }
}
