import BuildSpec
import Masking
import Runner
import SlipwayModel

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

/// What became of one image tag.
package enum ImageStatus: String, Sendable, CaseIterable {
    /// Pushed, and the registry serves the digest.
    case pushed = "PUSHED"
    /// Built or pushed with an error, or the registry serves another digest.
    case failed = "FAILED"
    /// Not attempted (the image did not build, the engine or the login failed).
    case skipped = "SKIPPED"
}

/// One pushed (or failed) image tag.
package struct PublishedImage: Sendable, Equatable {
    package var reference: String
    package var digest: String?
    package var sizeBytes: Int64?
    package var status: ImageStatus
    package var note: String?

    package init(reference: String, digest: String?, sizeBytes: Int64?, status: ImageStatus, note: String? = nil) {
        self.reference = reference
        self.digest = digest
        self.sizeBytes = sizeBytes
        self.status = status
        self.note = note
    }
}

/// Builds and pushes the configured images for a run.
package protocol ImagePublishing {
    /// Runs the plan in `workDirectory` (the checkout is its `src`), logging to `log`. Registry
    /// passwords it reads are added to `secrets` before they can appear anywhere; `lookup` gives
    /// the build's variables.
    func publish(run: ClaimedRun, workDirectory: String, lookup: @escaping (String) -> String?, log: OutputSink,
                 secrets: RunSecrets) -> ImagePlanResult
}

/// Packs a build's artifacts: one zip per artifact of the buildspec, kept with the run.
package protocol ArtifactPublishing {
    /// Collects and zips each artifact from `sourceDirectory`; `expand` expands a `name` in the build's shell.
    func publish(run: ClaimedRun, artifacts: [ArtifactSpec], sourceDirectory: String,
                 expand: @escaping (String) -> String?, log: OutputSink) -> ArtifactResult
}

/// One artifact a run kept.
package struct PublishedArtifact: Sendable, Equatable {
    /// The secondary artifact's identifier; nil for the primary one.
    package var identifier: String?
    package var name: String
    /// The zip under the state directory.
    package var path: String
    package var sizeBytes: Int64
    package var sha256: String
    package var fileCount: Int
    /// Where it was uploaded too (`s3://bucket/key`), when `artifacts.s3-bucket` is set.
    package var location: String?

    package init(identifier: String?, name: String, path: String, sizeBytes: Int64, sha256: String, fileCount: Int) {
        self.identifier = identifier
        self.name = name
        self.path = path
        self.sizeBytes = sizeBytes
        self.sha256 = sha256
        self.fileCount = fileCount
    }
}

/// What UPLOAD_ARTIFACTS did.
package struct ArtifactResult: Sendable {
    package var artifacts: [PublishedArtifact] = []
    package var warnings: [String] = []
    /// CodeBuild's context for a failed upload (`CLIENT_ERROR: no matching artifact paths found: ...`).
    package var failure: String?

    package init() {}
}

/// The Changes section of a run.
package protocol ChangeDescribing {
    /// What the run contains since the last good build; nil when there is nothing to say.
    func describeChanges(for run: ClaimedRun) -> ChangeSummary?
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

/// A finished run, as the publishers see it: everything in it is masked.
package struct FinishedRun {
    package var run: ClaimedRun
    package var status: RunStatus
    /// Epoch milliseconds.
    package var finishedAt: Int64
    /// The final report (empty until it is rendered).
    package var report: String
    package var reportPath: String
    package var changes: ChangeSummary?
    package var images: [PublishedImage]
    package var subject: String
    package var author: String

    package init(run: ClaimedRun, status: RunStatus, finishedAt: Int64, report: String, reportPath: String,
                 changes: ChangeSummary?, images: [PublishedImage], subject: String, author: String) {
        self.run = run
        self.status = status
        self.finishedAt = finishedAt
        self.report = report
        self.reportPath = reportPath
        self.changes = changes
        self.images = images
        self.subject = subject
        self.author = author
    }
}

/// Tells the outside world about a finished run: CHANGELOG.md, the report as a git note on the
/// built commit, and webhooks. Nothing here can fail a build; problems come back as lines. The
/// finisher calls them in this order: the changelog and the list of webhooks to call are known
/// before the report is rendered (once); the note carries that report; webhooks are called last,
/// once the run is recorded, with the same report.
package protocol ResultPublishing {
    /// Adds the run to CHANGELOG.md when it should; returns a line for the report's Notifications.
    func updateChangelog(_ finished: FinishedRun) -> String?
    /// Lines for the report's Notifications: the webhooks this run will call.
    func plannedNotifications(_ finished: FinishedRun) -> [String]
    /// Attaches `finished.report` to the built commit; returns what went wrong, if anything.
    func attachReport(_ finished: FinishedRun) -> String?
    /// Calls the webhooks; returns one line per webhook, for the run's log.
    func notify(_ finished: FinishedRun, secrets: RunSecrets) -> [String]
}
