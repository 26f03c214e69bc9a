import Runner
import SlipwayModel

/// Everything known about a run when it ends, as one typed value: what the finisher turns into
/// the history row, the report, CHANGELOG.md, the git note and the webhooks. The pipeline fills
/// it as the build goes; recovery makes one for a run whose worker died.
package struct RunResult {
    package var run: ClaimedRun
    package var status: RunStatus = .inProgress
    /// The built commit, once it was read.
    package var commit: CommitSummary?
    /// The steps that ran, in order (DOWNLOAD_SOURCE, the buildspec's phases, IMAGES).
    package var phases: [PhaseRecord] = []
    /// Steps that did not run, with the reason.
    package var skipped: [SkippedStep] = []
    package var warnings: [String] = []
    /// Exported variables, already masked.
    package var exportedVariables: [(name: String, value: String)] = []
    package var images: [PublishedImage] = []
    /// The artifacts UPLOAD_ARTIFACTS kept.
    package var artifacts: [PublishedArtifact] = []
    /// The `reports` groups UPLOAD_ARTIFACTS read.
    package var testReports: [TestReportGroup] = []
    /// Why no image was built, when none was.
    package var imagesNote: String?
    /// What went wrong, for the report's headline and the history row.
    package var failure: String?
    /// Byte offsets of each step's lines in the log, for the log tail.
    package var logRanges: [String: Range<Int64>] = [:]
    /// Where the build ran (nil when it never started).
    package var executor: ExecutorKind?
    /// The report's "Ran on" text (the container's image included).
    package var ranOn: String?
    /// The log file, when one exists.
    package var logPath: String?
    /// The title of the report's log tail; nil shows the failing step's.
    package var logTailTitle: String?

    package init(run: ClaimedRun) {
        self.run = run
    }

    /// The step whose log tail the report shows: the first that did not succeed.
    package var failingPhase: PhaseRecord? {
        phases.first { $0.status != .succeeded && $0.status != .skipped }
    }
}
