import BuildSpec
import Platform
import Runner
import SlipwayModel

/// Runs a build on the host, one shell per command with CodeBuild 0.2's carried state, in one
/// process group that a timeout or a stop ends whole. Host steps (the image plan) run between
/// the phases, in this process, reading the build's variables as the phases left them.
package struct HostExecutor: BuildExecutor {
    package var kind: ExecutorKind { .host }

    package init() {}

    package func execute(_ build: PreparedBuild, log: LogWriter, events: ExecutionEvents,
                         shouldStop: @escaping () -> Bool) throws -> ExecutionResult {
        let container = ContainerLog(sink: log)
        let shellName = build.spec?.environment.shell ?? "sh"
        guard let shellPath = ProcessEnvironment.findExecutable(shellName, path: build.environment["PATH"]) else {
            throw PipelineError.invalidBuildspec(path: build.buildspecPath,
                                                 diagnostics: ["env.shell \(shellName) is not installed on the build host"])
        }
        let settings = SessionSettings(
            shellPath: shellPath, carriesState: build.spec?.version != .v0_1, sourceDirectory: build.sourceDirectory,
            stateDirectory: build.stateDirectory, environment: build.environment,
            marker: ("SLIPWAY_RUN_TOKEN", build.run.buildId),
            deadline: Clock.monotonicMilliseconds() + Int64(build.timeoutSeconds) * 1000)
        let session = try BuildSession(settings: settings, sink: log, shouldStop: shouldStop)
        defer { session.close() }
        events.started(.processGroup(session.processGroup))
        container.line("Moving to directory \(build.sourceDirectory)")
        var result = StepSequence(steps: build.steps).run(log: log, phase: { phase, succeeding in
            PhaseExecutor(session: session, sink: log).run(phase, succeeding: succeeding)
        }, variables: { session.variables(named: $0) })
        result.exportedValues = session.variables(named: build.exportNames)
        return result
    }
}

/// CodeBuild's phase transitions over a build's steps, for any executor that runs the phases
/// itself: a phase runs unless an earlier one ended the build; a failed host step fails the
/// build but lets the next phase run.
package struct StepSequence {
    let steps: [BuildStep]

    package init(steps: [BuildStep]) {
        self.steps = steps
    }

    /// Runs each step through `phase` (a buildspec phase, with CODEBUILD_BUILD_SUCCEEDING) or
    /// its own action (a host step), recording each step's range of the log.
    package func run(log: LogWriter, phase runPhase: (Phase, Bool) -> PhaseRecord,
                     variables: @escaping ([String]) -> [String: String]) -> ExecutionResult {
        var result = ExecutionResult()
        var transitions = PhaseTransitions()
        for step in steps {
            if let reason = transitions.skipReason() {
                result.skipped.append(SkippedStep(name: step.name, reason: reason))
                continue
            }
            let start = log.bytesWritten
            switch step {
            case .phase(let phase):
                let record = runPhase(phase, transitions.succeeding)
                result.phases.append(record)
                transitions.record(record.name, status: record.status, onFailure: phase.onFailure)
            case .host(let host):
                switch host.run(HostStepInput(variables: variables, phases: result.phases)) {
                case .ran(let record):
                    result.phases.append(record)
                    if record.status != .succeeded { transitions.recordFailure(host.name, endsBuild: false) }
                case .skipped(let reason):
                    result.skipped.append(SkippedStep(name: host.name, reason: reason))
                }
            }
            result.logRanges[step.name] = start..<log.bytesWritten
        }
        result.status = transitions.status
        return result
    }
}
