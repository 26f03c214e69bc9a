import Platform

/// Finds the git directory a command works on: `--repo DIR`, else $GIT_DIR (set in hooks),
/// else the current directory. A work tree's `.git` directory is accepted too.
package enum RepositoryLocator {
    package static func gitDirectory(explicit: String?, environment: [String: String] = ProcessEnvironment.current())
        throws -> String {
        let start = explicit ?? environment["GIT_DIR"] ?? "."
        let candidate = absolutePath(start)
        if looksLikeGitDirectory(candidate) { return candidate }
        if looksLikeGitDirectory(candidate + "/.git") { return candidate + "/.git" }
        throw LocatorError(path: candidate, wasExplicit: explicit != nil)
    }

    static func looksLikeGitDirectory(_ path: String) -> Bool {
        fileExists(path + "/HEAD") && isDirectory(path + "/objects") && isDirectory(path + "/refs")
    }
}

/// No repository where one was expected.
package struct LocatorError: Error, CustomStringConvertible {
    let path: String
    let wasExplicit: Bool

    package var description: String {
        let hint = wasExplicit ? "" : " Run the command inside the bare repository or pass --repo DIR."
        return "\(path) is not a git repository (no HEAD, objects/ and refs/ there).\(hint)"
    }
}
