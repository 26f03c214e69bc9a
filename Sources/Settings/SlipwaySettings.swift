import Intake
import SlipwayModel
import YAMLSchema

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
    /// The size a run's log may reach (`logs.max-size`); output past it is not kept.
    package var logMaxBytes: Int64 = 1 << 30
    /// Where history, work directories, reports and logs live.
    package var paths: StatePaths
    /// A Mustache template replacing the built-in report template.
    package var reportTemplate: String?
    /// Server-side variables for every build; they win over the buildspec's (CodeBuild's project
    /// variables do too).
    package var environment: [(name: String, value: String)] = []
    /// How pushes become builds.
    package var queue = QueueSettings()
    /// `artifacts.s3-bucket`: also upload every artifact zip to this bucket (region and
    /// credentials as for `secrets.aws`).
    package var artifactBucket: String?
    /// `artifacts.s3-endpoint`: the S3 endpoint (tests, AWS-compatible stores); default AWS's.
    package var artifactEndpoint: String?
    /// Where secrets come from, and which ones builds may read.
    package var secrets: SecretSettings
    /// Images to build and push.
    package var images = ImageSettings()
    /// How builds are isolated (`build:`).
    package var build = BuildSettings()
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
        intakeRules.queuePolicy(forBranch: branch)
    }

    /// What the post-receive hook needs to decide and queue, without reading YAML.
    package var intakeRules: IntakeRules {
        IntakeRules(gitDirectory: gitDirectory, paths: paths, branchPatterns: branchPatterns, tagPatterns: tagPatterns,
                    defaultPolicy: queue.defaultPolicy, overrides: queue.overrides, wait: queue.wait)
    }
}

/// The `queue:` section.
package struct QueueSettings: Sendable {
    package var defaultPolicy = QueuePolicy()
    /// Per-branch policies; the first matching pattern wins.
    package var overrides: [BranchPolicy] = []
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
