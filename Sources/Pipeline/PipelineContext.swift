import History
import Platform
import Secrets
import Settings

/// Everything the pipeline reaches outside itself, injected so the core can be tested with an
/// in-memory source, a scripted executor and a scratch database.
package struct PipelineContext {
    package var settings: SlipwaySettings
    package var store: HistoryStore
    package var source: SourceRepository
    /// Resolves `env.parameter-store` and `env.secrets-manager` requests.
    package var secrets: SecretResolving
    /// Where the build's commands run.
    package var executor: BuildExecutor
    /// Builds and pushes `images:` (nil when the pipeline should not touch a container engine).
    package var images: ImagePublishing?
    /// Packs the buildspec's `artifacts` (nil: artifacts are not collected).
    package var artifacts: ArtifactPublishing?
    /// Reads the buildspec's `reports` (nil: reports are not read).
    package var testReports: TestReportReading?
    /// Describes the changes since the last successful build (nil: no Changes section).
    package var changes: ChangeDescribing?
    /// Tells the outside world about a finished build (notes, CHANGELOG.md, webhooks).
    package var publisher: ResultPublishing?
    /// The host environment builds start from (GIT_* is removed later).
    package var hostEnvironment: [String: String]
    /// A terminal descriptor that also receives the log (foreground runs).
    package var terminal: Int32?
    /// What the user asked to build (a branch or SHA), for CODEBUILD_SOURCE_VERSION.
    package var requestedVersion: String?
    /// Where webhook deliveries run once a run is recorded: a worker hands them to a background
    /// group so that the next build need not wait for a slow webhook; nil delivers at once.
    package var deliverNotifications: ((@escaping () -> Void) -> Void)?

    package init(settings: SlipwaySettings, store: HistoryStore, source: SourceRepository, secrets: SecretResolving,
                 executor: BuildExecutor = ShellExecutor.host, hostEnvironment: [String: String] = ProcessEnvironment.current()) {
        self.settings = settings
        self.store = store
        self.source = source
        self.secrets = secrets
        self.executor = executor
        self.hostEnvironment = hostEnvironment
    }
}
