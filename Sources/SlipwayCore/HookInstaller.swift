import Platform
import Runner

/// Installs Slipway's post-receive hook into a repository. Idempotent; a hook that was there
/// before is kept (renamed to post-receive.before-slipway) and still runs after Slipway's.
package enum HookInstaller {
    /// The text of hooks/post-receive in the source tree (a test keeps the two identical), so the
    /// binary works without the source tree installed.
    package static let template = #"""
#!/bin/sh
# Slipway post-receive hook: queues a build for each pushed branch and returns at once.
# Installed by `slipway hook install`; installing again is safe. It never makes a push fail:
# if the queue cannot be written, `slipway poll` catches up later.
SLIPWAY_HOOK=@SLIPWAY_HOOK@
PREVIOUS_HOOK=@PREVIOUS_HOOK@
missing() {
    echo "slipway: $SLIPWAY_HOOK is missing; this push was not queued (run: slipway poll)"
}
if [ -n "$PREVIOUS_HOOK" ]; then
    # The hook that was here before Slipway is kept; it runs next, with the same input.
    input=$(cat)
    if [ -x "$SLIPWAY_HOOK" ]; then
        printf '%s\n' "$input" | "$SLIPWAY_HOOK" post-receive
    else
        missing
    fi
    printf '%s\n' "$input" | "$PREVIOUS_HOOK" "$@"
    exit $?
fi
if [ ! -x "$SLIPWAY_HOOK" ]; then
    missing
    exit 0
fi
exec "$SLIPWAY_HOOK" post-receive

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
        let previous = fileExists(kept) ? shellQuoted(kept) : "''"
        let text = template
            .replacingAll("@SLIPWAY_HOOK@", with: shellQuoted(hookExecutable))
            .replacingAll("@PREVIOUS_HOOK@", with: previous)
        try writeTextFileAtomically(path, text, mode: 0o755)
        return outcome
    }
}

/// The hook could not be installed without losing something.
package enum HookInstallError: Error, CustomStringConvertible {
    case previousHookInTheWay(path: String)

    package var description: String {
        switch self {
        case .previousHookInTheWay(let path):
            return "post-receive is not Slipway's and \(path) already exists, so the current hook cannot be kept; merge the two by hand, then run `slipway hook install` again"
        }
    }
}
