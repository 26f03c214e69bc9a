import BuildSpec
import Platform
import SlipwayModel

/// Builds the environment of a build's first command, in CodeBuild's order of precedence:
/// the host environment (without GIT_*), then the buildspec's variables, then the server's
/// `environment:` (CodeBuild's project variables win over the buildspec's), then secrets, and
/// last the CODEBUILD_* variables, which nobody can override. Values are literal: `$PATH` in a
/// value stays `$PATH`.
package struct BuildEnvironmentFactory {
    package var host: [String: String]
    package var serverVariables: [(name: String, value: String)]
    package var projectName: String
    package var repositoryLocation: String

    package init(host: [String: String], serverVariables: [(name: String, value: String)], projectName: String,
                 repositoryLocation: String) {
        self.host = host
        self.serverVariables = serverVariables
        self.projectName = projectName
        self.repositoryLocation = repositoryLocation
    }

    /// The variables CodeBuild itself sets, for this run (codebuild-semantics.md §4.1).
    package func codeBuildVariables(for run: ClaimedRun, sourceDirectory: String, startTime: Int64,
                                    requestedVersion: String?) -> [String: String] {
        let buildId = "\(projectName):\(run.buildId)"
        let kindWord = run.refKind == .tag ? "tag" : "branch"
        return [
            "CODEBUILD_RESOLVED_SOURCE_VERSION": run.newSha,
            "CODEBUILD_SOURCE_VERSION": requestedVersion ?? run.newSha,
            "CODEBUILD_BUILD_NUMBER": String(run.id),
            "CODEBUILD_BUILD_ID": buildId,
            "CODEBUILD_BUILD_ARN": "arn:aws:codebuild:local:000000000000:build/\(buildId)",
            "CODEBUILD_SRC_DIR": sourceDirectory,
            "CODEBUILD_START_TIME": String(startTime),
            "CODEBUILD_INITIATOR": run.initiator,
            "CODEBUILD_WEBHOOK_HEAD_REF": run.ref,
            "CODEBUILD_WEBHOOK_PREV_COMMIT": run.oldSha,
            "CODEBUILD_WEBHOOK_TRIGGER": "\(kindWord)/\(run.branch)",
            "CODEBUILD_WEBHOOK_EVENT": "PUSH",
            "CODEBUILD_SOURCE_REPO_URL": repositoryLocation,
            "CODEBUILD_LOG_PATH": run.buildId,
            "CODEBUILD_CI": "true",
            "CODEBUILD_BUILD_SUCCEEDING": "1",
        ]
    }

    /// Slipway's own variables: the run number, the branch, and the computed image tags.
    package static func slipwayVariables(for run: ClaimedRun, shortShaLength: Int) -> [String: String] {
        [
            "SLIPWAY_RUN_NUMBER": String(run.id),
            "SLIPWAY_BRANCH": run.branch,
            "SLIPWAY_SHORT_SHA": String(run.newSha.prefix(shortShaLength)),
            "SLIPWAY_IMAGE_TAG": run.newSha,
            "SLIPWAY_BRANCH_TAG": ImageTagging.dockerTag(fromBranch: run.branch),
        ]
    }

    /// The complete initial environment.
    package func environment(for run: ClaimedRun, spec: BuildSpec?, secrets: [(name: String, value: String)],
                             slipwayVariables: [String: String], sourceDirectory: String, startTime: Int64,
                             requestedVersion: String?) -> [String: String] {
        var environment = ProcessEnvironment.withoutGitVariables(host)
        for key in environment.keys where key.hasPrefix("CODEBUILD_") || key.hasPrefix("SLIPWAY_") {
            environment.removeValue(forKey: key)
        }
        for variable in spec?.environment.variables ?? [] { environment[variable.name] = variable.value }
        for variable in serverVariables { environment[variable.name] = variable.value }
        for secret in secrets { environment[secret.name] = secret.value }
        for (name, value) in slipwayVariables { environment[name] = value }
        for (name, value) in codeBuildVariables(for: run, sourceDirectory: sourceDirectory, startTime: startTime,
                                                requestedVersion: requestedVersion) {
            environment[name] = value
        }
        return environment
    }
}
