import BuildSpec
import History
import Masking
import Platform
import Runner

extension BuildPipeline {
    /// Secrets, environment, then the phases in CodeBuild order with the image plan after BUILD.
    func runBuild(spec: BuildSpec?, state: inout RunState, paths: RunPaths, log: LogWriter,
                  shouldStop: @escaping () -> Bool) throws {
        let container = ContainerLog(sink: log)
        let secrets = try resolveSecrets(spec, state: &state, log: log)
        let masker = log.currentMasker
        let startTime = Clock.nowMilliseconds()
        let factory = BuildEnvironmentFactory(host: context.hostEnvironment, serverVariables: context.settings.environment,
                                              projectName: context.source.displayName,
                                              repositoryLocation: context.source.location)
        let environment = factory.environment(
            for: state.run, spec: spec, secrets: secrets, slipwayVariables: BuildEnvironmentFactory.slipwayVariables(for: state.run, shortShaLength: context.settings.images.shortShaLength),
            sourceDirectory: paths.sourceDirectory, startTime: startTime, requestedVersion: context.requestedVersion)
        let shellName = spec?.environment.shell ?? "sh"
        guard let shellPath = ProcessEnvironment.findExecutable(shellName, path: environment["PATH"]) else {
            throw PipelineError.invalidBuildspec(path: context.settings.buildspecPath,
                                                 diagnostics: ["env.shell \(shellName) is not installed on the build host"])
        }
        let settings = SessionSettings(
            shellPath: shellPath, carriesState: spec?.version != .v0_1, sourceDirectory: paths.sourceDirectory,
            stateDirectory: paths.stateDirectory, environment: environment,
            marker: ("SLIPWAY_RUN_TOKEN", state.run.buildId),
            deadline: Clock.monotonicMilliseconds() + Int64(context.settings.timeoutSeconds) * 1000)
        let session = try BuildSession(settings: settings, sink: log, shouldStop: shouldStop)
        defer { session.close() }
        try? context.store.recordProcessGroup(state.run.id, session.processGroup)
        container.line("Moving to directory \(paths.sourceDirectory)")

        var transitions = PhaseTransitions()
        let executor = PhaseExecutor(session: session, sink: log)
        for step in steps(for: spec) {
            if let reason = transitions.skipReason() {
                state.skipped.append((step.name, reason))
                if step.name == "IMAGES" { state.imagesNote = "Images were not built: \(reason)." }
                continue
            }
            let start = log.bytesWritten
            switch step {
            case .phase(let phase):
                let record = executor.run(phase, succeeding: transitions.succeeding)
                state.phases.append(record)
                transitions.record(record.name, status: record.status, onFailure: phase.onFailure)
            case .images:
                if let record = runImagePlan(&state, paths: paths, environment: environment, session: session, log: log) {
                    state.phases.append(record)
                    if record.status != .succeeded { transitions.recordFailure("IMAGES", endsBuild: false) }
                }
            }
            state.phaseLogRanges[step.name] = start..<log.bytesWritten
        }
        if let spec { collectExports(spec, secrets: secrets, session: session, masker: masker, state: &state) }
        state.status = runStatus(transitions.status)
    }

    /// The run's steps: the buildspec's phases, with the image plan after BUILD when images are configured.
    private func steps(for spec: BuildSpec?) -> [BuildStep] {
        var steps: [BuildStep] = []
        let wantsImages = context.images != nil && !context.settings.images.images.isEmpty
        var imagesPlaced = !wantsImages
        for phase in spec?.phases ?? [] {
            if !imagesPlaced && phase.name == .postBuild {
                steps.append(.images)
                imagesPlaced = true
            }
            steps.append(.phase(phase))
            if !imagesPlaced && phase.name == .build {
                steps.append(.images)
                imagesPlaced = true
            }
        }
        if !imagesPlaced { steps.append(.images) }
        return steps
    }

    private func resolveSecrets(_ spec: BuildSpec?, state: inout RunState, log: LogWriter) throws -> [(name: String, value: String)] {
        let requests = spec?.environment.secrets ?? []
        guard !requests.isEmpty else { return [] }
        ContainerLog(sink: log).line("Processing environment variables: \(requests.count) secrets")
        let values = try context.secrets.resolve(requests)
        for (name, value) in values where SecretVariants.isTooShort(value) {
            state.warnings.append("secret variable \(name) is shorter than \(SecretVariants.minimumLength) characters, so it is not masked in logs and reports; use a longer value")
        }
        log.useMasker(SecretMasker(secrets: values.map(\.value)))
        return values
    }

    private func collectExports(_ spec: BuildSpec, secrets: [(name: String, value: String)], session: BuildSession,
                                masker: SecretMasker, state: inout RunState) {
        let secretNames = Set(secrets.map(\.name))
        var names: [String] = []
        for name in spec.environment.exportedVariables {
            if secretNames.contains(name) {
                state.warnings.append("exported variable \(name) is not exported: it holds a secret (CodeBuild refuses this too)")
            } else {
                names.append(name)
            }
        }
        let values = session.variables(named: names)
        state.exportedVariables = names.compactMap { name in
            values[name].map { (name, masker.mask($0)) }
        }
    }

    func runStatus(_ status: BuildStatus) -> RunStatus {
        switch status {
        case .succeeded, .skipped: return .succeeded
        case .failed: return .failed
        case .fault: return .fault
        case .timedOut: return .timedOut
        case .stopped: return .stopped
        case .inProgress: return .inProgress
        }
    }
}

/// One step of a run: a buildspec phase or Slipway's image plan.
enum BuildStep {
    case phase(Phase)
    case images

    var name: String {
        switch self {
        case .phase(let phase): return phase.name.codeBuildName
        case .images: return "IMAGES"
        }
    }
}
