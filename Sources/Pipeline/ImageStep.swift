import BuildSpec
import Platform
import Runner
import Settings
import SlipwayModel

/// IMAGES: the image plan as a host step, run only when the BUILD phase succeeded. It collects
/// what the plan did for the run's result.
final class ImageStep {
    static let name = "IMAGES"
    let context: PipelineContext
    let run: ClaimedRun
    let paths: RunPaths
    let environment: [String: String]
    let log: LogWriter
    let secrets: RunSecrets
    private(set) var images: [PublishedImage] = []
    private(set) var warnings: [String] = []
    private(set) var failure: String?
    /// Why no image was built, when the step decided that itself.
    private(set) var note: String?

    init(context: PipelineContext, run: ClaimedRun, paths: RunPaths, environment: [String: String], log: LogWriter,
         secrets: RunSecrets) {
        self.context = context
        self.run = run
        self.paths = paths
        self.environment = environment
        self.log = log
        self.secrets = secrets
    }

    func run(_ input: HostStepInput) -> HostStepOutcome {
        guard let images = context.images else { return .skipped(reason: "no container engine is configured") }
        let container = ContainerLog(sink: log)
        if let build = input.phases.first(where: { $0.name == PhaseName.build.codeBuildName }), build.status != .succeeded {
            note = "Images were not built: the BUILD phase \(build.status.rawValue.lowercased().replacingAll("_", with: " "))."
            container.line("Skipping the image plan: the BUILD phase did not succeed")
            return .skipped(reason: "the BUILD phase did not succeed")
        }
        let started = Clock.nowMilliseconds()
        container.line("Entering phase \(Self.name)")
        // Names may use variables the build set: read them as the BUILD phase left them.
        let referenced = context.settings.images.images.flatMap { definition in
            VariableExpansion.referencedNames(in: definition.name)
                + definition.buildArguments.flatMap { VariableExpansion.referencedNames(in: $0.value) }
        }
        let current = input.variables(Array(Set(referenced)))
        let environment = self.environment
        let result = images.publish(run: run, workDirectory: paths.workDirectory,
                                    lookup: { current[$0] ?? environment[$0] }, log: log, secrets: secrets)
        self.images = result.images
        warnings += result.warnings
        let status: BuildStatus = result.failure == nil ? .succeeded : .failed
        container.line("Phase complete: \(Self.name) State: \(status.rawValue)")
        if let failure = result.failure {
            container.line("Phase context status code: IMAGE_PLAN_ERROR Message: \(failure)")
            self.failure = "The image plan failed: \(failure)"
        }
        return .ran(PhaseRecord(name: Self.name, status: status, exitCode: result.failure == nil ? 0 : 1, startedAt: started,
                                finishedAt: Clock.nowMilliseconds(), context: result.failure.map { "IMAGE_PLAN_ERROR: \($0)" }))
    }
}
