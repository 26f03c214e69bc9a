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
        let file = try FileDescriptor.open(path, flags: O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode: 0o600)
        defer { file.close() }
        if file.preallocate(offset: 0, length: bytes) { return }
        // No fallocate here, or no room: write the blocks, which says which.
        do {
            let zeros = [UInt8](repeating: 0, count: 1 << 16)
            var written: Int64 = 0
            while written < bytes {
                let count = Int(min(Int64(zeros.count), bytes - written))
                try zeros.withUnsafeBytes { try file.writeAll(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                written += Int64(count)
            }
        } catch {
            unlink(path)
            throw SystemError("reserve \(ByteCount.describe(bytes)) in", path, code: (error as? SystemError)?.code ?? EIO)
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
}
