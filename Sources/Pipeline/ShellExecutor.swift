import BuildSpec
import Platform
import Runner
import SlipwayModel

/// Runs a build one shell per command with CodeBuild 0.2's carried state, in one process group
/// that a timeout or a stop ends whole: on the host (`build.isolation: none`), inside one
/// bubblewrap sandbox for the whole build (the default), which commands enter directly, or in
/// one container for the whole build (`build.image`), whose agent starts each command. Host
/// steps (the image plan) run between the phases, in this process, reading the build's
/// variables as the phases left them.
package struct ShellExecutor: BuildExecutor {
    /// The sandbox to run in; nil runs on the host (or in the container).
    let sandbox: SandboxSpec?
    /// The build container's launcher (`build.image`); nil runs on this host.
    let container: (any ContainerLauncher)?
    /// The engine socket a privileged build is given, as the build sees it.
    let containerEngineSocket: String?

    /// An executor on the host, unisolated.
    package static let host = ShellExecutor(sandbox: nil)

    /// An executor that runs every build in a sandbox made from `spec` (the build's own
    /// directories are added per build).
    package init(sandbox: SandboxSpec?) {
        self.sandbox = sandbox
        container = nil
        containerEngineSocket = nil
    }

    /// An executor that runs every build in one container from `launcher`; `engineSocket` is
    /// where a privileged build finds the engine inside it.
    package init(container launcher: any ContainerLauncher, engineSocket: String?) {
        sandbox = nil
        container = launcher
        containerEngineSocket = engineSocket
    }

    package var kind: ExecutorKind { container != nil ? .container : sandbox == nil ? .host : .sandbox }

    package var engineSocket: String? { container != nil ? containerEngineSocket : sandbox?.engineSocket }

    package var reportDescription: String {
        container.map { "a container from `\($0.image)` on this host's container engine" } ?? kind.reportDescription
    }

    package func execute(_ build: PreparedBuild, log: LogWriter, events: ExecutionEvents,
                         shouldStop: @escaping () -> Bool) throws -> ExecutionResult {
        let container = ContainerLog(sink: log)
        var settings = try sessionSettings(for: build)
        if var spec = sandbox {
            try makeDirectories(build.homeDirectory, mode: 0o700)
            spec.writable += [build.sourceDirectory, build.stateDirectory, build.homeDirectory]
            settings.sandbox = spec
        }
        settings.container = self.container
        settings.containerUser = build.spec?.runAs
        defer { if sandbox != nil { try? removeTree(build.homeDirectory) } }
        if let launcher = self.container { container.line("Starting a build container from \(launcher.image)") }
        let session = try BuildSession(settings: settings, sink: log, shouldStop: shouldStop)
        defer { session.close() }
        events.started(.processGroup(session.processGroup))
        if let started = session.sandbox?.startMilliseconds {
            container.line("Sandbox ready in \(started) ms: the build sees the host's tools read-only, its checkout, a private HOME and /tmp"
                           + (sandbox?.network == false ? "; no network" : "") + (sandbox?.engineSocket != nil ? "; the container engine (privileged)" : ""))
        }
        if let started = session.containerStartMilliseconds, let id = session.containerID {
            container.line("Build container \(id.prefix(12)) ready in \(started) ms: the image's files, the checkout and nothing else of this host"
                           + (engineSocket != nil ? "; the container engine (privileged)" : ""))
        }
        container.line("Moving to directory \(build.sourceDirectory)")
        var result = StepSequence(steps: build.steps).run(log: log, phase: { phase, succeeding in
            PhaseExecutor(session: session, sink: log).run(phase, succeeding: succeeding)
        }, variables: { session.variables(named: $0) }, expand: { session.expand($0) })
        result.exportedValues = session.variables(named: build.exportNames)
        return result
    }

    /// The session for a build: its shell (on this host, or at the same path in the image, which
    /// the container's agent checks), carried state, directories, environment and deadline.
    private func sessionSettings(for build: PreparedBuild) throws -> SessionSettings {
        let shellName = build.spec?.environment.shell ?? "sh"
        let shellPath: String
        if container != nil {
            shellPath = shellName.hasPrefix("/") ? shellName : "/bin/" + shellName
        } else if let found = ProcessEnvironment.findExecutable(shellName, path: build.environment["PATH"]) {
            shellPath = found
        } else {
            throw PipelineError.invalidBuildspec(path: build.buildspecPath,
                                                 diagnostics: ["env.shell \(shellName) is not installed on the build host"])
        }
        return SessionSettings(
            shellPath: shellPath, carriesState: build.spec?.version != .v0_1, sourceDirectory: build.sourceDirectory,
            stateDirectory: build.stateDirectory, environment: build.environment,
            marker: ("SLIPWAY_RUN_TOKEN", build.run.buildId),
            deadline: Clock.monotonicMilliseconds() + Int64(build.timeoutSeconds) * 1000)
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
                     variables: @escaping ([String]) -> [String: String],
                     expand: @escaping (String) -> String? = { $0 }) -> ExecutionResult {
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
                switch host.run(HostStepInput(variables: variables, phases: result.phases, expand: expand)) {
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
