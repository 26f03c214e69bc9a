import History
import Masking
import Runner
@_exported import Secrets

/// The result of the image plan, for history and the report.
package struct ImagePlanResult: Sendable {
    package var images: [PublishedImage]
    /// Nil when everything was pushed; otherwise what failed.
    package var failure: String?
    /// Things worth knowing that did not fail the plan.
    package var warnings: [String]

    package init(images: [PublishedImage], failure: String?, warnings: [String] = []) {
        self.images = images
        self.failure = failure
        self.warnings = warnings
    }
}

/// One pushed (or failed) image tag.
package struct PublishedImage: Sendable, Equatable {
    package var reference: String
    package var digest: String?
    package var sizeBytes: Int64?
    package var status: String
    package var note: String?

    package init(reference: String, digest: String?, sizeBytes: Int64?, status: String, note: String? = nil) {
        self.reference = reference
        self.digest = digest
        self.sizeBytes = sizeBytes
        self.status = status
        self.note = note
    }
}

/// Builds and pushes the configured images for a run.
package protocol ImagePublishing {
    /// Runs the plan in `workDirectory` (the checkout is its `src`), logging to `log`, which it
    /// may tell to mask more secrets (registry passwords); `lookup` gives the build's variables.
    func publish(run: RunRecord, workDirectory: String, lookup: @escaping (String) -> String?, log: LogWriter) -> ImagePlanResult
}

/// The Changes section of a run.
package protocol ChangeDescribing {
    /// What the run contains since the last good build; nil when there is nothing to say.
    func describeChanges(for run: RunRecord) -> ChangeSummary?
}

/// Changes of a run, for the report and the publishers.
package struct ChangeSummary: Sendable {
    /// The Markdown section (at most `changelog.report-limit` commits listed).
    package var markdown: String
    /// The changelog's stable JSON form (every commit), compact.
    package var json: String
    package var commitCount: Int
    /// One sentence: what the range is.
    package var summary: String
    /// Short lines for chat messages (`feat(ui): dark mode (1a2b3c4)`), breaking changes first.
    package var headlines: [String]
    /// True when history was rewritten (a force-push).
    package var rewritten: Bool

    package init(markdown: String, json: String, commitCount: Int, summary: String, headlines: [String] = [], rewritten: Bool = false) {
        self.markdown = markdown
        self.json = json
        self.commitCount = commitCount
        self.summary = summary
        self.headlines = headlines
        self.rewritten = rewritten
    }
}

/// A finished run, as the publishers see it.
package struct FinishedRun {
    /// The run with its final status.
    package var run: RunRecord
    /// The report as written (masked).
    package var report: String
    package var reportPath: String
    package var changes: ChangeSummary?
    package var images: [PublishedImage]
    package var subject: String
    package var author: String
}

/// Tells the outside world about a finished run: CHANGELOG.md, webhooks, and the report as a git
/// note on the built commit. Nothing here can fail a build; problems come back as report lines.
package protocol ResultPublishing {
    /// Updates CHANGELOG.md and calls the webhooks; returns lines for the report's Notifications.
    func announce(_ finished: FinishedRun, masker: SecretMasker) -> [String]
    /// Attaches the final report to the built commit; returns a line for the report when that failed.
    func attachReport(_ finished: FinishedRun, finalReport: String) -> String?
}
