#if canImport(Glibc)
import Glibc
#endif

/// The process environment and the rules for passing it on.
package enum ProcessEnvironment {
    /// The current process environment as a dictionary.
    package static func current() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }

    /// The environment with every `GIT_*` variable removed. A hook runs with GIT_DIR and
    /// friends set; a build that inherits them would run git against the server's repository.
    package static func withoutGitVariables(_ environment: [String: String]) -> [String: String] {
        environment.filter { !$0.key.hasPrefix("GIT_") }
    }

    /// Finds an executable by name in PATH (or returns the path itself when it contains "/").
    package static func findExecutable(_ name: String, path: String? = nil) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let searchPath = path ?? current()["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 && !isDirectory(candidate) { return candidate }
        }
        return nil
    }
}

/// The name of the user running this process: $GL_USER (gitolite's pusher), $USER, $LOGNAME,
/// or the password database entry of the effective uid.
package func currentUserName(_ environment: [String: String] = ProcessEnvironment.current()) -> String {
    if let name = environment["GL_USER"] ?? environment["USER"] ?? environment["LOGNAME"], !name.isEmpty { return name }
    if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
    return "uid-\(geteuid())"
}
