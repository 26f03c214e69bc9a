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
    /// Markdown for the report, describing what the run contains since the last good build.
    func describeChanges(for run: RunRecord) -> ChangeSummary?
}

/// Changes of a run, for the report and the publisher.
package struct ChangeSummary: Sendable {
    package var markdown: String
    package var json: String
    package var commitCount: Int

    package init(markdown: String, json: String, commitCount: Int) {
        self.markdown = markdown
        self.json = json
        self.commitCount = commitCount
    }
}

/// Publishes a finished run: notes, changelog file, webhooks. Returns lines for the report.
package protocol ResultPublishing {
    func publish(run: RunRecord, report: String, reportPath: String, changes: ChangeSummary?, masker: SecretMasker) -> [String]
}
