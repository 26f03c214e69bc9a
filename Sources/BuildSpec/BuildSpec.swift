import YAMLSchema

/// The buildspec format version. 0.1 runs every command in a fresh shell; 0.2 carries the
/// working directory and variables from one command to the next and across phases.
package enum BuildSpecVersion: String, Sendable, Codable {
    case v0_1 = "0.1"
    case v0_2 = "0.2"
}

/// The four phases a buildspec may define, in the order they run.
package enum PhaseName: String, CaseIterable, Sendable, Codable {
    case install
    case preBuild = "pre_build"
    case build
    case postBuild = "post_build"

    /// CodeBuild's upper-case name, as used in logs and the API ("PRE_BUILD").
    package var codeBuildName: String { rawValue.uppercased() }
}

/// What happens to the build when a phase fails.
package enum OnFailure: String, Sendable, Codable {
    /// Stop the build at this phase.
    case abort = "ABORT"
    /// Go on with the next phase.
    case `continue` = "CONTINUE"
}

/// One command line (or multi-line block) exactly as written, with where it was written.
package struct BuildCommand: Sendable, Equatable, Codable {
    package let text: String
    /// 1-based line of the command in the buildspec.
    package let line: Int

    package init(text: String, line: Int) {
        self.text = text
        self.line = line
    }
}

/// A phase: its commands, the commands that always follow them, and its failure rule.
package struct Phase: Sendable, Equatable, Codable {
    package let name: PhaseName
    package var commands: [BuildCommand]
    package var finally: [BuildCommand]
    /// nil means CodeBuild's default transition for this phase.
    package var onFailure: OnFailure?
    /// `install.runtime-versions`, kept as written ("5.0" stays "5.0"); Slipway reports but does not install them.
    package var runtimeVersions: [Variable]

    package init(name: PhaseName, commands: [BuildCommand], finally: [BuildCommand] = [], onFailure: OnFailure? = nil,
                 runtimeVersions: [Variable] = []) {
        self.name = name
        self.commands = commands
        self.finally = finally
        self.onFailure = onFailure
        self.runtimeVersions = runtimeVersions
    }
}

/// A variable whose value the build asks to read from a secret store.
package struct SecretRequest: Sendable, Equatable, Codable {
    /// Where the buildspec asks to read it from.
    package enum Store: String, Sendable, Codable {
        case parameterStore = "parameter-store"
        case secretsManager = "secrets-manager"
    }

    /// The environment variable that receives the value.
    package let variable: String
    /// The parameter name, or the Secrets Manager reference (`secret-id:json-key:version-stage:version-id`).
    package let reference: String
    package let store: Store
    /// Line in the buildspec, for error messages.
    package let line: Int

    package init(variable: String, reference: String, store: Store, line: Int) {
        self.variable = variable
        self.reference = reference
        self.store = store
        self.line = line
    }
}

/// A plain variable from `env.variables`, its value literal text (never expanded).
package struct Variable: Sendable, Equatable, Codable {
    package let name: String
    package let value: String

    package init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The `env` section.
package struct BuildEnvironment: Sendable, Equatable, Codable {
    /// The shell commands run in: "sh" (CodeBuild's default) or "bash".
    package var shell: String
    /// Plain variables in file order.
    package var variables: [Variable]
    /// Variables to read from secret stores.
    package var secrets: [SecretRequest]
    /// Variables whose final values the build exports.
    package var exportedVariables: [String]

    package init(shell: String = "sh", variables: [Variable] = [], secrets: [SecretRequest] = [],
                 exportedVariables: [String] = []) {
        self.shell = shell
        self.variables = variables
        self.secrets = secrets
        self.exportedVariables = exportedVariables
    }
}

/// A loaded buildspec: what Slipway runs, plus warnings about what it does not.
package struct BuildSpec: Sendable, Equatable, Codable {
    package var version: BuildSpecVersion
    package var environment: BuildEnvironment
    /// The phases present in the file, in run order.
    package var phases: [Phase]
    /// Keys Slipway reads but does not act on, and other non-fatal remarks.
    package var warnings: [Diagnostic]
    /// `artifacts` and `secondary-artifacts`, primary first.
    package var artifacts: [ArtifactSpec] = []
    /// `reports` groups, in file order.
    package var reports: [ReportGroupSpec] = []
    /// `cache`, when present.
    package var cache: CacheSpec?
    /// The top-level `run-as` user, honoured in container mode, and the line it is on.
    package var runAs: String?
    package var runAsLine: Int?

    package init(version: BuildSpecVersion, environment: BuildEnvironment = BuildEnvironment(),
                 phases: [Phase], warnings: [Diagnostic] = []) {
        self.version = version
        self.environment = environment
        self.phases = phases
        self.warnings = warnings
    }

    /// The phase with this name, if the buildspec defines it.
    package func phase(_ name: PhaseName) -> Phase? {
        phases.first { $0.name == name }
    }
}
