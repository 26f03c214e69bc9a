import Platform

/// Installs Slipway's post-receive hook into a repository. Idempotent; a hook that was there
/// before is kept (renamed to post-receive.before-slipway) and still runs after Slipway's.
///
/// The hook file's first line makes git run `slipway-hook` directly (`#!<path> post-receive`):
/// no shell starts on the push's path.
package enum HookInstaller {
    /// The text of hooks/post-receive in the source tree (a test keeps the two identical), so the
    /// binary works without the source tree installed.
    package static let template = #"""
#!@SLIPWAY_HOOK@ post-receive
# Slipway post-receive hook. git runs the program on the first line directly, without a shell:
# it queues a build for each pushed branch and returns at once, and never makes a push fail
# (if the queue cannot be written, `slipway poll` catches up later).
# Installed by `slipway hook install`; installing again is safe. A hook that was here before
# Slipway is kept and runs after it, with the same input:
# previous-hook: @PREVIOUS_HOOK@

"""#

    /// Marks a hook written by Slipway.
    static let marker = "Slipway post-receive hook"

    /// What `install` did.
    package enum Outcome: Equatable {
        case installed
        case updated
        case installedKeepingPrevious(String)
    }

    /// Writes `<gitDirectory>/hooks/post-receive`, running `hookExecutable` (the lean
    /// `slipway-hook`, or `slipway`).
    @discardableResult
    package static func install(gitDirectory: String, hookExecutable: String) throws -> Outcome {
        let hooks = gitDirectory + "/hooks"
        try makeDirectories(hooks)
        let path = hooks + "/post-receive"
        let kept = hooks + "/post-receive.before-slipway"
        var outcome = Outcome.installed
        if fileExists(path) {
            let existing = (try? readTextFile(path)) ?? ""
            if existing.contains(marker) {
                outcome = .updated
            } else {
                guard !fileExists(kept) else {
                    throw HookInstallError.previousHookInTheWay(path: kept)
                }
                try moveFile(path, to: kept)
                outcome = .installedKeepingPrevious(kept)
            }
        }
        let shebang = "#!\(hookExecutable) post-receive"
        guard shebang.utf8.count < 256, !hookExecutable.contains(" ") else {
            throw HookInstallError.unusablePath(hookExecutable)
        }
        let text = template
            .replacingAll("@SLIPWAY_HOOK@", with: hookExecutable)
            .replacingAll("@PREVIOUS_HOOK@", with: fileExists(kept) ? kept : "")
        try writeTextFileAtomically(path, text, mode: 0o755)
        return outcome
    }
}

/// The hook could not be installed without losing something.
package enum HookInstallError: Error, CustomStringConvertible {
    case previousHookInTheWay(path: String)
    case unusablePath(String)

    package var description: String {
        switch self {
        case .previousHookInTheWay(let path):
            return "post-receive is not Slipway's and \(path) already exists, so the current hook cannot be kept; merge the two by hand, then run `slipway hook install` again"
        case .unusablePath(let path):
            return "\(path) cannot be a hook's interpreter (it has a space or is longer than the kernel allows); install slipway-hook under a short path such as /usr/local/bin"
        }
    }
}
