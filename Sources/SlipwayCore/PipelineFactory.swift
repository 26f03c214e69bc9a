import Artifacts
import Git
import History
import Images
import Intake
import Pipeline
import Platform
import Publishing
import Secrets
import Settings
import TestReports

/// The SlipwayCore module: the composition root (this factory, which wires libgit2, the secret
/// stores, the executor, the image publisher and the publishers into a `PipelineContext`) and
/// the operations the CLI runs: the worker that drains the queue, `slipway run`, recovery of
/// runs whose worker died, retention, the poller, the log follower, run listings and init.
///
/// Wires the real collaborators (libgit2 source, secret stores, container engine, changelog,
/// publishers) into a pipeline context for one repository.
package struct PipelineFactory {
    package let settings: SlipwaySettings
    package let store: HistoryStore
    package var hostEnvironment: [String: String]

    package init(settings: SlipwaySettings, store: HistoryStore,
                 hostEnvironment: [String: String] = ProcessEnvironment.current()) {
        self.settings = settings
        self.store = store
        self.hostEnvironment = hostEnvironment
    }

    /// A context for one build (each build gets its own repository handle).
    package func makeContext(branch: String? = nil, terminal: Int32? = nil, requestedVersion: String? = nil) throws -> PipelineContext {
        let source = try GitSource(gitDirectory: settings.gitDirectory)
        let secrets = SecretResolver(settings: settings, environment: hostEnvironment)
        var context = PipelineContext(settings: settings, store: store, source: source, secrets: secrets,
                                      executor: ExecutorChoice(settings: settings, hostEnvironment: hostEnvironment)
                                          .executor(forBranch: branch ?? settings.defaultBranch),
                                      hostEnvironment: hostEnvironment)
        let upload = settings.artifactBucket.map { bucket in
            S3Destination(bucket: bucket, repository: source.displayName) { [settings, hostEnvironment] in
                S3Uploader(environment: try AWSEnvironment.resolve(settings: settings.secrets.aws, environment: hostEnvironment),
                           endpoint: settings.artifactEndpoint)
            }
        }
        context.artifacts = ArtifactPacker(stateDirectory: settings.paths.state, upload: upload)
        context.testReports = TestReportCollector()
        if !settings.images.images.isEmpty {
            context.images = ImagePublisher(settings: settings, secrets: secrets, hostEnvironment: hostEnvironment)
        }
        // The changelog and the publisher read the build's own repository handle.
        context.changes = GitChangeDescriber(repository: source.repository, store: store, settings: settings)
        context.publisher = RunPublisher(settings: settings, repository: source.repository, secrets: secrets)
        context.terminal = terminal
        context.requestedVersion = requestedVersion
        return context
    }
}
