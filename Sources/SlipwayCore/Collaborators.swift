import BuildSpec
import History
import Masking
import Runner

/// Secret values for a build's requests, or a failure that names the secret.
package protocol SecretResolving {
    /// Resolves every request; the error's message never contains a secret value.
    func resolve(_ requests: [SecretRequest]) throws -> [(name: String, value: String)]
    /// Values of named secrets from the parameter-store provider (registry passwords, say).
    func value(ofParameter name: String) throws -> String
}

/// A resolver for builds that use no secret store: every request fails, naming the secret.
package struct NoSecrets: SecretResolving {
    package init() {}

    package func resolve(_ requests: [SecretRequest]) throws -> [(name: String, value: String)] {
        guard let first = requests.first else { return [] }
        throw SecretResolutionFailure(message: "secret \(first.reference) for \(first.variable) cannot be read: no secret store is configured")
    }

    package func value(ofParameter name: String) throws -> String {
        throw SecretResolutionFailure(message: "secret \(name) cannot be read: no secret store is configured")
    }
}

/// A secret could not be resolved; the message names the secret and says what to do.
package struct SecretResolutionFailure: Error, CustomStringConvertible {
    package let message: String

    package init(message: String) {
        self.message = message
    }

    package var description: String { message }
}

/// The result of the image plan, for history and the report.
package struct ImagePlanResult: Sendable {
    package var images: [PublishedImage]
    /// Nil when everything was pushed; otherwise what failed.
    package var failure: String?

    package init(images: [PublishedImage], failure: String?) {
        self.images = images
        self.failure = failure
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
    /// Runs the plan, logging to `log`; `variables` are the build's values for name templates.
    func publish(run: RunRecord, sourceDirectory: String, variables: [String: String], log: OutputSink,
                 masker: SecretMasker) -> ImagePlanResult
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
