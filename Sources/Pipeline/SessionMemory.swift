import Platform
#if canImport(Glibc)
import Glibc
#endif

/// Where a build's shell state (the variables carried between commands, secrets among them)
/// lives: in memory, under `/dev/shm/slipway-<uid>/`, when this host has a shared-memory tmpfs
/// that is this user's to use. Every command reads and rewrites that state; on a disk
/// filesystem the rewrite costs a journal commit (ext4 flushes a file truncated and written
/// again), in memory almost nothing, and a secret never reaches a disk.
package enum SessionMemory {
    /// The shared-memory filesystem.
    static let root = "/dev/shm"

    /// This user's private directory there, or nil when there is none to trust: no /dev/shm,
    /// or a directory of that name that another user made or left open (/dev/shm is
    /// world-writable, so anyone may create any name in it first).
    package static let directory: String? = privateDirectory(in: root)

    /// `root/slipway-<uid>`, made 0700 when absent, if `root` is a memory filesystem and the
    /// directory is this user's alone.
    package static func privateDirectory(in root: String) -> String? {
        // Only a memory filesystem is worth it.
        guard isMemoryFileSystem(root) else { return nil }
        let path = root + "/slipway-\(geteuid())"
        if mkdir(path, 0o700) != 0 && errno != EEXIST { return nil }
        var owner = stat()
        guard lstat(path, &owner) == 0, (owner.st_mode & S_IFMT) == S_IFDIR, owner.st_uid == geteuid(),
              owner.st_mode & 0o077 == 0 else { return nil }
        return path
    }
}
