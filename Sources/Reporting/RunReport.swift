/// Everything a run report shows, as plain values (already masked by the caller).
package struct RunReport: Sendable {
    package struct PhaseLine: Sendable {
        package var name: String
        package var status: String
        package var durationMilliseconds: Int64?
        package var exitCode: Int32?
        package var note: String?

        package init(name: String, status: String, durationMilliseconds: Int64?, exitCode: Int32?, note: String? = nil) {
            self.name = name
            self.status = status
            self.durationMilliseconds = durationMilliseconds
            self.exitCode = exitCode
            self.note = note
        }
    }

    package struct ImageLine: Sendable {
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

    package var number: Int64
    package var status: String
    package var repository: String
    package var branch: String
    package var refKind: String
    package var sha: String
    package var shortSha: String
    package var previousSha: String?
    package var trigger: String
    package var initiator: String
    package var buildId: String
    /// Where the build ran and how it was isolated; nil when it never started.
    package var executor: String?
    package var subject: String
    package var author: String
    package var startedAt: Int64?
    package var finishedAt: Int64?
    /// Why the run failed, in a sentence or a few lines (buildspec diagnostics, for example).
    package var failure: String?
    package var phases: [PhaseLine] = []
    package var images: [ImageLine] = []
    /// The artifacts the run kept.
    package var artifacts: [ArtifactLine] = []
    /// The Tests section (test and coverage report groups), already rendered as Markdown.
    package var testsMarkdown: String?
    /// Why no image was built, when images are configured.
    package var imagesNote: String?
    /// The Changes section, already rendered as Markdown.
    package var changesMarkdown: String?
    package var exportedVariables: [(name: String, value: String)] = []
    package var warnings: [String] = []
    /// The last lines of the failing phase's log (or of the whole log).
    package var logTail: String?
    package var logTailTitle: String?
    /// Outcome of notifications, filled in after the fact.
    package var notes: [String] = []
    /// Runs this one replaced in the queue.
    package var supersededRuns: [String] = []

    package init(number: Int64, status: String, repository: String, branch: String, refKind: String, sha: String,
                 shortSha: String, trigger: String, initiator: String, buildId: String, subject: String, author: String) {
        self.number = number
        self.status = status
        self.repository = repository
        self.branch = branch
        self.refKind = refKind
        self.sha = sha
        self.shortSha = shortSha
        self.trigger = trigger
        self.initiator = initiator
        self.buildId = buildId
        self.subject = subject
        self.author = author
    }
}

extension RunReport {
    /// One artifact row of the report.
    package struct ArtifactLine: Sendable {
        package var name: String
        package var fileCount: Int
        package var sizeBytes: Int64
        package var sha256: String
        /// `s3://bucket/key`, when uploaded.
        package var location: String?

        package init(name: String, fileCount: Int, sizeBytes: Int64, sha256: String, location: String? = nil) {
            self.location = location
            self.name = name
            self.fileCount = fileCount
            self.sizeBytes = sizeBytes
            self.sha256 = sha256
        }
    }
}
