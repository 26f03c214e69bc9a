#if canImport(Glibc)
import Glibc
#endif

/// Keeps Slipway's own state private: directories 0700, files 0600, whatever the umask or an
/// earlier version left. A looser mode found on an existing path is tightened, and said.
package enum PrivateFiles {
    /// Makes `directory` (and missing parents) and tightens it to 0700 when it is looser; returns
    /// a warning when it had to tighten an existing one.
    @discardableResult
    package static func directory(_ directory: String) throws -> String? {
        let existed = isDirectory(directory)
        try makeDirectories(directory, mode: 0o700)
        return tighten(directory, to: 0o700, existed: existed)
    }

    /// Creates `file` empty with mode 0600 when it is missing (so that anything that opens it
    /// later, SQLite included, keeps the mode), or tightens an existing one; returns a warning
    /// when it had to tighten.
    @discardableResult
    package static func file(_ file: String) -> String? {
        var info = stat()
        if lstat(file, &info) != 0 {
            let fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 { Glibc.close(fd) }
            return nil
        }
        return tighten(file, to: 0o600, existed: true)
    }

    private static func tighten(_ path: String, to mode: mode_t, existed: Bool) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFLNK else { return nil }
        let current = info.st_mode & 0o7777
        guard current & ~mode != 0 else { return nil }
        guard chmod(path, mode) == 0 else {
            return "\(path) has mode \(String(current, radix: 8)) and could not be tightened to \(String(mode, radix: 8)): fix it by hand"
        }
        return existed ? "\(path) had mode \(String(current, radix: 8)); tightened to \(String(mode, radix: 8))" : nil
    }
}
