#if canImport(Glibc)
import Glibc
#endif

/// Disk-space facts and the reserve a run keeps so that it can always be recorded: a file of
/// real blocks, made before the build starts and removed just before the run's last writes
/// (the log's closing lines, the report, the history row), so a build that fills the
/// filesystem still ends with a truthful record.
package enum DiskSpace {
    /// What a run reserves: enough for its report, CHANGELOG.md and the history's write-ahead log.
    package static let reserveBytes: Int64 = 4 << 20

    /// True for the errors that mean a full filesystem or quota.
    package static func isSpaceError(_ code: Int32) -> Bool {
        code == ENOSPC || code == EDQUOT
    }

    /// Bytes an unprivileged writer may still use on the filesystem holding `path`.
    package static func available(at path: String) -> Int64? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }

    /// Creates `path` holding `bytes` of allocated blocks (not a sparse file).
    package static func reserve(_ path: String, bytes: Int64 = reserveBytes) throws {
        try makeDirectories(parentDirectory(path), mode: 0o700)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw SystemError("create", path) }
        defer { close(fd) }
        let result = posix_fallocate(fd, 0, off_t(bytes))
        if result == 0 { return }
        guard result == EOPNOTSUPP || result == EINVAL else {
            unlink(path)
            throw SystemError("reserve \(describe(bytes)) in", path, code: result)
        }
        // A filesystem without fallocate: write the blocks.
        let zeros = [UInt8](repeating: 0, count: 1 << 16)
        var written: Int64 = 0
        while written < bytes {
            let count = zeros.withUnsafeBytes { write(fd, $0.baseAddress, Int(min(Int64($0.count), bytes - written))) }
            guard count > 0 else {
                let code = errno
                unlink(path)
                throw SystemError("reserve \(describe(bytes)) in", path, code: code)
            }
            written += Int64(count)
        }
    }

    /// Gives the reserve back; a missing file is fine.
    package static func release(_ path: String) {
        unlink(path)
    }

    /// The blocks a directory tree uses, in bytes (symbolic links are not followed).
    package static func usage(of path: String) -> Int64 {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        var total = Int64(info.st_blocks) * 512
        if (info.st_mode & S_IFMT) == S_IFDIR {
            for name in (try? listDirectory(path)) ?? [] { total += usage(of: path + "/" + name) }
        }
        return total
    }

    /// "4 MiB", "812 KiB", "12 B".
    package static func describe(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let rounded = (value * 10).rounded() / 10
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + " " + units[unit]
    }
}
