import Git
import History
import Intake
import Platform
import Settings

/// `slipway init`: a commented slipway.yml for the repository (when there is none yet), the
/// state directory, and the post-receive hook.
package enum Initializer {
    /// What init did, line by line, for the user.
    package static func initialize(gitDirectory: String, hookExecutable: String) throws -> [String] {
        var messages: [String] = []
        let config = gitDirectory + "/slipway.yml"
        if fileExists(config) {
            messages.append("kept the existing \(config)")
        } else {
            let branch = (try? Repository.open(gitDirectory))?.headBranch() ?? "main"
            try writeTextFileAtomically(config, defaultConfiguration(branch: branch))
            messages.append("wrote \(config) (builds branch \(branch); edit it to change what builds)")
        }
        let settings = try SettingsLoader.load(gitDirectory: gitDirectory)
        try makeDirectories(settings.paths.state, mode: 0o700)
        _ = try HistoryStore.open(settings.paths.database)
        switch try HookInstaller.install(gitDirectory: gitDirectory, hookExecutable: hookExecutable) {
        case .installed: messages.append("installed the post-receive hook")
        case .updated: messages.append("updated the post-receive hook")
        case .installedKeepingPrevious(let kept): messages.append("installed the post-receive hook; the previous one is kept as \(kept) and still runs")
        }
        messages.append("next: push a commit with a buildspec.yml, then run `slipway history`")
        return messages
    }

    /// The starting configuration, commented.
    package static func defaultConfiguration(branch: String) -> String {
        """
        # Slipway configuration of this repository (README.md, "Configuration", lists every key).
        # It lives in the git directory: only the server's admin can change it, never a push.

        # Branches that build, as glob patterns ('*' within a path segment, '**' across them).
        branches: [\(branch)]
        default-branch: \(branch)

        # The buildspec inside each commit, and the build timeout (minutes, or 90s / 45m / 2h).
        buildspec: buildspec.yml
        timeout: 60

        queue:
          mode: supersede        # supersede | queue | parallel
          concurrency: 1         # builds at once
          keep-runs: 50          # finished runs kept per branch

        # Images built and pushed after a successful BUILD phase (README, "Images"):
        # docker:
        #   registries:
        #     - {address: registry.example.com, username: ci, password-secret: /ci/registry-password}
        # images:
        #   - name: registry.example.com/team/app

        # The changelog bot (README, "Changelog"): CHANGELOG.md next to the reports, the report as
        # a git note on each built commit (git log --notes=slipway), and webhooks.
        # changelog:
        #   merges: skip         # skip | list
        # notify:
        #   webhooks:
        #     - url-secret: /ci/chat-webhook   # slipway secrets put /ci/chat-webhook
        #       on: [success, failure]

        """
    }
}
