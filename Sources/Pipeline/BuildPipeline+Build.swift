import BuildSpec
import History
import Masking
import Platform
import Runner
import Secrets
import Settings
import SlipwayModel

extension BuildPipeline {
    /// Secrets and environment, then the steps, run by the context's executor.
    func runBuild(spec: BuildSpec?, result: inout RunResult, paths: RunPaths, log: LogWriter,
                  shouldStop: @escaping () -> Bool) throws {
        let secretValues = try resolveSecrets(spec, result: &result, log: log)
        let isolated = context.executor.kind.isIsolated
        let host: [String: String]
        switch context.executor.kind {
        case .host: host = context.hostEnvironment
        case .sandbox: host = IsolatedEnvironment.host(from: context.hostEnvironment, home: paths.homeDirectory,
                                                       engineSocket: context.executor.engineSocket)
        case .container: host = IsolatedEnvironment.container(engineSocket: context.executor.engineSocket)
        }
        let factory = BuildEnvironmentFactory(host: host, serverVariables: context.settings.environment,
                                              projectName: context.source.displayName,
                                              repositoryLocation: context.source.location)
        let slipwayVariables = BuildEnvironmentFactory.slipwayVariables(for: result.run, shortShaLength: context.settings.images.shortShaLength)
        let environment = factory.environment(
            for: result.run, spec: spec, secrets: secretValues, slipwayVariables: slipwayVariables,
            sourceDirectory: paths.sourceDirectory, startTime: Clock.nowMilliseconds(), requestedVersion: context.requestedVersion)
        let secretNames = Set(secretValues.map(\.name))
        var exportNames: [String] = []
        for name in spec?.environment.exportedVariables ?? [] {
            if secretNames.contains(name) {
                result.warnings.append("exported variable \(name) is not exported: it holds a secret (CodeBuild refuses this too)")
            } else {
                exportNames.append(name)
            }
        }
        let imageStep = ImageStep(context: context, run: result.run, paths: paths, environment: environment,
                                  log: log, secrets: log.secrets)
        let artifactStep = ArtifactStep(context: context, run: result.run, paths: paths, log: log)
        let build = PreparedBuild(
            run: result.run, spec: spec, buildspecPath: context.settings.buildspecPath, sourceDirectory: paths.sourceDirectory,
            stateDirectory: paths.stateDirectory, homeDirectory: paths.homeDirectory, environment: environment,
            timeoutSeconds: context.settings.timeoutSeconds,
            steps: steps(for: spec, imageStep: imageStep, artifactStep: artifactStep), exportNames: exportNames, secrets: log.secrets)
        let store = context.store
        let number = result.run.id
        let events = ExecutionEvents(started: { handle in
            switch handle {
            case .processGroup(let group): try? store.recordProcessGroup(number, group)
            }
        })
        let executed = try context.executor.execute(build, log: log, events: events, shouldStop: shouldStop)
        result.executor = context.executor.kind
        if let user = spec?.runAs, context.executor.kind != .container {
            result.warnings.append("run-as \(user) (\(context.settings.buildspecPath) line \(spec?.runAsLine ?? 0)) is honoured only in container mode "
                                   + "(build.image in slipway.yml): this build ran as the user running the Slipway worker")
        }
        result.ranOn = context.executor.reportDescription
        if isolated && context.executor.engineSocket == nil && executed.status != .succeeded,
           LogTail.lastLines(of: log.path, count: 200)?.contains("Cannot connect to the Docker daemon") == true {
            result.warnings.append("the build has no container engine: a build gets one only with `build.privileged: true` in slipway.yml "
                                   + "(CodeBuild's privileged mode), which gives it control of the server's engine")
        }
        result.phases += executed.phases
        result.skipped += executed.skipped
        result.logRanges.merge(executed.logRanges) { $1 }
        result.images = imageStep.images
        result.warnings += imageStep.warnings
        if let failure = imageStep.failure { result.failure = failure }
        result.artifacts = artifactStep.result.artifacts
        result.testReports = artifactStep.reports.groups
        result.warnings += artifactStep.reports.warnings
        result.warnings += artifactStep.result.warnings
        if let failure = artifactStep.result.failure, result.failure == nil { result.failure = "The artifacts were not uploaded: \(failure)" }
        if let skipped = executed.skipped.first(where: { $0.name == ImageStep.name }) {
            result.imagesNote = imageStep.note ?? "Images were not built: \(skipped.reason)."
        }
        // Masked with the whole set as it stands now: registry passwords read by the plan included.
        let masker = log.secrets.masker
        result.exportedVariables = exportNames.compactMap { name in executed.exportedValues[name].map { (name, masker.mask($0)) } }
        result.status = runStatus(executed.status)
    }

    /// The run's steps: the buildspec's phases, with the image plan after BUILD when images are
    /// configured, and UPLOAD_ARTIFACTS last when the buildspec has artifacts or reports.
    private func steps(for spec: BuildSpec?, imageStep: ImageStep, artifactStep: ArtifactStep) -> [BuildStep] {
        var steps = phaseSteps(for: spec, imageStep: imageStep)
        let artifacts = context.artifacts == nil ? [] : spec?.artifacts ?? []
        let reports = context.testReports == nil ? [] : spec?.reports ?? []
        if !artifacts.isEmpty || !reports.isEmpty {
            steps.append(.host(HostStep(name: ArtifactStep.name, run: { artifactStep.run($0, artifacts: artifacts, reports: reports) })))
        }
        return steps
    }

    private func phaseSteps(for spec: BuildSpec?, imageStep: ImageStep) -> [BuildStep] {
        let phases = (spec?.phases ?? []).map(BuildStep.phase)
        guard context.images != nil && !context.settings.images.images.isEmpty else { return phases }
        let images = BuildStep.host(HostStep(name: ImageStep.name, run: imageStep.run))
        var steps: [BuildStep] = []
        var placed = false
        for step in phases {
            if !placed, case .phase(let phase) = step, phase.name == .postBuild {
                steps.append(images)
                placed = true
            }
            steps.append(step)
            if !placed, case .phase(let phase) = step, phase.name == .build {
                steps.append(images)
                placed = true
            }
        }
        if !placed { steps.append(images) }
        return steps
    }

    private func resolveSecrets(_ spec: BuildSpec?, result: inout RunResult, log: LogWriter) throws -> [(name: String, value: String)] {
        let requests = spec?.environment.secrets ?? []
        guard !requests.isEmpty else { return [] }
        ContainerLog(sink: log).line("Processing environment variables: \(requests.count) secrets")
        let values = try context.secrets.resolve(requests)
        for (name, value) in values where SecretVariants.isTooShort(value) {
            result.warnings.append("secret variable \(name) is shorter than \(SecretVariants.minimumLength) characters, so it is not masked in logs and reports; use a longer value")
        }
        log.secrets.add(values.map(\.value))
        return values
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
