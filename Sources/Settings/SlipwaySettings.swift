@_exported import YAMLSchema

/// The server-side configuration of one repository, read from `slipway.yml` in its git
/// directory. Pushers cannot change it: it decides what runs, where, and which secrets a build
/// may read; a pushed buildspec can only ask.
package struct SlipwaySettings: Sendable {
    /// The repository's git directory (the bare repository itself).
    package var gitDirectory: String
    /// Path of slipway.yml (which may not exist: then every value is a default).
    package var configFile: String
    /// Branch name patterns that build (globs: `*` within a path segment, `**` across them).
    package var branchPatterns: [String] = ["main"]
    /// Tag name patterns that build; none by default.
    package var tagPatterns: [String] = []
    /// The branch that gets `latest` image tags and is the base of a new branch's changelog.
    package var defaultBranch: String = "main"
    /// Path of the buildspec inside each commit.
    package var buildspecPath: String = "buildspec.yml"
    /// Build timeout (CodeBuild's default is 60 minutes).
    package var timeoutSeconds: Int = 3600
    /// Where history, work directories, reports and logs live.
    package var paths: StatePaths
    /// A Mustache template replacing the built-in report template.
    package var reportTemplate: String?
    /// Server-side variables for every build; they win over the buildspec's (CodeBuild's project
    /// variables do too).
    package var environment: [(name: String, value: String)] = []
    /// How pushes become builds.
    package var queue = QueueSettings()
    /// Where secrets come from, and which ones builds may read.
    package var secrets: SecretSettings
    /// Images to build and push.
    package var images = ImageSettings()
    /// Changelog and notifications.
    package var changelog = ChangelogSettings()

    /// Defaults for a repository without slipway.yml.
    package init(gitDirectory: String) {
        self.gitDirectory = gitDirectory
        self.configFile = gitDirectory + "/slipway.yml"
        self.paths = StatePaths(state: gitDirectory + "/slipway")
        self.secrets = SecretSettings(localStore: paths.state + "/secrets")
    }

    /// The queue rules for one branch (its override, or the defaults).
    package func queuePolicy(forBranch branch: String) -> QueuePolicy {
        for override in queue.overrides where GlobPattern(override.pattern).matches(branch) {
            return override.policy
        }
        return queue.defaultPolicy
    }
}

/// Directories Slipway writes to.
package struct StatePaths: Sendable, Equatable {
    /// Database and locks.
    package var state: String
    /// One work directory per run.
    package var work: String
    /// Markdown reports, as `<branch>/<number>.md`.
    package var reports: String
    /// One log file per run.
    package var logs: String

    package init(state: String, work: String? = nil, reports: String? = nil, logs: String? = nil) {
        self.state = state
        self.work = work ?? state + "/work"
        self.reports = reports ?? state + "/reports"
        self.logs = logs ?? state + "/logs"
    }

    /// The SQLite history and queue.
    package var database: String { state + "/history.sqlite" }
    /// Held by the worker that drains the queue.
    package var workerLock: String { state + "/worker.lock" }
    /// Held by a running `slipway poll`.
    package var pollLock: String { state + "/poll.lock" }
    /// Where the detached worker writes its own messages.
    package var workerLog: String { state + "/worker.log" }
}

/// How queued pushes of one branch are handled (CodePipeline's execution modes, §7.3).
package enum QueueMode: String, Sendable, CaseIterable {
    /// A newer push replaces a queued, not yet started build of the same branch.
    case supersede
    /// Every push builds, one at a time, in order.
    case queue
    /// Builds of the branch run independently, side by side.
    case parallel
}

/// The queue rules that apply to one branch.
package struct QueuePolicy: Sendable, Equatable {
    package var mode: QueueMode = .supersede
    /// Stop a running build of the branch when a newer push arrives.
    package var cancelRunning = false

    package init(mode: QueueMode = .supersede, cancelRunning: Bool = false) {
        self.mode = mode
        self.cancelRunning = cancelRunning
    }
}

/// The `queue:` section.
package struct QueueSettings: Sendable {
    package var defaultPolicy = QueuePolicy()
    /// Per-branch policies; the first matching pattern wins.
    package var overrides: [(pattern: String, policy: QueuePolicy)] = []
    /// Builds run at once by one worker.
    package var concurrency = 1
    /// Make the push wait for its builds and print their results.
    package var wait = false
    /// How many times a build interrupted by a dead worker is queued again.
    package var requeueInterrupted = 1
    /// Finished runs kept per branch; older ones lose their work directory, log and report.
    package var keepRuns = 50

    package init() {}
}

/// The `secrets:` section.
package struct SecretSettings: Sendable {
    /// Which store answers `env.parameter-store` requests: "local" or "aws".
    package var parameterStore = "local"
    /// Which store answers `env.secrets-manager` requests: "local" or "aws".
    package var secretsManager = "local"
    /// Glob patterns of secret names builds may read. Empty: none.
    package var allow: [String] = []
    /// Directory of the local store.
    package var localStore: String
    /// AWS access settings.
    package var aws = AWSSettings()

    package init(localStore: String) {
        self.localStore = localStore
    }
}

/// How Slipway reaches AWS.
package struct AWSSettings: Sendable {
    /// Region; otherwise AWS_REGION, AWS_DEFAULT_REGION or the profile's region.
    package var region: String?
    /// Profile in ~/.aws/credentials and ~/.aws/config; otherwise AWS_PROFILE or "default".
    package var profile: String?
    /// Endpoint override (for tests and AWS-compatible services), e.g. http://127.0.0.1:5000.
    package var endpoint: String?

    package init() {}
}
