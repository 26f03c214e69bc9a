import BuildSpec
import Runner
import SlipwayModel

/// Where a build's commands run. The pipeline prepares a build (checkout, environment,
/// buildspec, deadline, secrets, log) and hands it to an executor; it gets back the phases, the
/// exported variables and a status, and finishes the run the same way whatever ran it.
///
/// Implementations:
/// - `ShellExecutor` runs one shell per command, on the host (`build.isolation: none`) or inside
///   one bubblewrap sandbox per build; it reports its process group through `ExecutionEvents`
///   so recovery can end it.
/// - In container mode (`build.image`) the same `ShellExecutor` starts one container per build
///   and the container's agent runs each command.
/// - A remote executor (AWS CodeBuild) sends `PreparedBuild.spec` elsewhere, writes the log
///   pages it fetches to `log`, polls `shouldStop` to call StopBuild, and records its remote build
///   id through `ExecutionEvents.started` before it waits, so a recovered run can re-attach.
package protocol BuildExecutor {
    /// What the report says about where the build ran.
    var kind: ExecutorKind { get }
    /// The container engine's socket the build is given (privileged builds), as the build sees it.
    var engineSocket: String? { get }
    /// The report's "Ran on" text.
    var reportDescription: String { get }
    /// Runs the build's steps in order; throws only when the build cannot start at all (a
    /// missing shell, no sandbox), with a message that says what to fix.
    func execute(_ build: PreparedBuild, log: LogWriter, events: ExecutionEvents,
                 shouldStop: @escaping () -> Bool) throws -> ExecutionResult
}

extension BuildExecutor {
    package var engineSocket: String? { nil }
    package var reportDescription: String { kind.reportDescription }
}

/// Where a build ran, for the report and the history.
package enum ExecutorKind: String, Sendable, CaseIterable {
    /// Commands ran as the server's user, on the host, with no isolation.
    case host
    /// Commands ran in a bubblewrap sandbox on this host.
    case sandbox
    /// Commands ran in one container per build on this host's container engine.
    case container

    /// The report's "Ran on" line.
    package var reportDescription: String {
        switch self {
        case .host: return "this host, as the server's user (**unisolated**: `build.isolation: none`)"
        case .sandbox: return "a sandbox on this host (bubblewrap)"
        case .container: return "a container on this host's container engine"
        }
    }

    /// True when the build cannot see the server's files and environment.
    package var isIsolated: Bool { self != .host }
}

/// A build ready to run: everything an executor needs, as values.
package struct PreparedBuild {
    package var run: ClaimedRun
    /// The commit's buildspec; nil when the commit has none and slipway.yml builds images only.
    package var spec: BuildSpec?
    /// Where the buildspec is in the commit, for messages.
    package var buildspecPath: String
    /// CODEBUILD_SRC_DIR: the checkout.
    package var sourceDirectory: String
    /// The run's private directory for the executor's own state (carried shell variables).
    package var stateDirectory: String
    /// A private HOME for an isolated build, created for the run and removed after it.
    package var homeDirectory: String
    /// The complete environment of the first command.
    package var environment: [String: String]
    /// The whole build's time budget.
    package var timeoutSeconds: Int
    /// The buildspec's phases with Slipway's own steps (the image plan) between them.
    package var steps: [BuildStep]
    /// Variables to read back when the build ends (`env.exported-variables`, less secrets).
    package var exportNames: [String]
    /// The build's secret values, for an executor that must hide them from its own transport.
    package var secrets: RunSecrets
}

/// One step of a build: a buildspec phase, or a step Slipway runs on the server between phases.
package enum BuildStep {
    case phase(Phase)
    case host(HostStep)

    /// CodeBuild's phase name, or Slipway's (IMAGES).
    package var name: String {
        switch self {
        case .phase(let phase): return phase.name.codeBuildName
        case .host(let step): return step.name
        }
    }
}

/// A step that runs on the server, not in the build (the image plan: it needs the registry
/// password, which no build may see). It reads the build's variables as the phases left them.
package struct HostStep {
    package let name: String
    package let run: (HostStepInput) -> HostStepOutcome

    package init(name: String, run: @escaping (HostStepInput) -> HostStepOutcome) {
        self.name = name
        self.run = run
    }
}

/// What a host step sees of the build so far.
package struct HostStepInput {
    /// The current values of the named variables in the build's shell state.
    package let variables: ([String]) -> [String: String]
    /// The phases that ran before it.
    package let phases: [PhaseRecord]
    /// Text expanded by the build's shell where the build runs (`$VAR`, `$(cmd)`), as CodeBuild
    /// expands an artifact's `name`; nil when it could not be.
    package let expand: (String) -> String?

    package init(variables: @escaping ([String]) -> [String: String], phases: [PhaseRecord],
                 expand: @escaping (String) -> String? = { $0 }) {
        self.variables = variables
        self.phases = phases
        self.expand = expand
    }
}

/// How a host step ended.
package enum HostStepOutcome {
    /// It ran; a failure fails the build but, unlike a failed BUILD, lets POST_BUILD run.
    case ran(PhaseRecord)
    /// It did not run, and why.
    case skipped(reason: String)
}

/// What the executor tells the pipeline while the build runs.
package struct ExecutionEvents {
    /// The build's processes exist: recovery can find and end them by this handle.
    package var started: (ExecutionHandle) -> Void

    package init(started: @escaping (ExecutionHandle) -> Void = { _ in }) {
        self.started = started
    }
}

/// How to find a running build again.
package enum ExecutionHandle: Sendable, Equatable {
    /// The process group of the build's shells.
    case processGroup(Int32)
}

/// A step that did not run, and why.
package struct SkippedStep: Sendable, Equatable {
    package let name: String
    package let reason: String

    package init(name: String, reason: String) {
        self.name = name
        self.reason = reason
    }
}

/// What an executor hands back.
package struct ExecutionResult {
    /// The steps that ran, in order.
    package var phases: [PhaseRecord] = []
    package var skipped: [SkippedStep] = []
    /// The build's status from CodeBuild's phase transitions.
    package var status: BuildStatus = .succeeded
    /// The values of `PreparedBuild.exportNames` at the end (unmasked: the pipeline masks).
    package var exportedValues: [String: String] = [:]
    /// Byte offsets of each step's lines in the log, for the report's log tail.
    package var logRanges: [String: Range<Int64>] = [:]

    package init() {}
}
