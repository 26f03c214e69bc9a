import CLibGit2

/// One-time libgit2 start-up, done before the first repository is opened.
package enum Libgit2 {
    private static let started: Bool = {
        git_libgit2_init()
        // libgit2 runs no programs named by repository config (unlike git's fsmonitor or hooks),
        // so reading a repository owned by the git user while running as an admin is safe.
        _ = slipway_git_set_owner_validation(0)
        // Never read the invoking user's ~/.gitconfig or /etc/gitconfig: server behaviour must
        // not depend on whoever runs slipway.
        for level in [GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_SYSTEM] {
            _ = slipway_git_set_search_path(Int32(level.rawValue), "")
        }
        return true
    }()

    static func start() {
        _ = started
    }

    /// Whether every object read is hashed again to check it (libgit2's default, on). git itself
    /// does not re-hash objects it reads; read-only history walks (`slipway changelog`) turn it
    /// off to read as fast as `git log`. It is process-wide.
    package static func verifyObjectHashes(_ enabled: Bool) {
        start()
        _ = slipway_git_set_strict_hash_verification(enabled ? 1 : 0)
    }
}
