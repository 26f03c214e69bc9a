#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock on a file (flock). The kernel releases it when the holder dies,
/// so a killed process never leaves a stale lock behind.
package final class FileLock: @unchecked Sendable {
    private let descriptor: FileDescriptor
    /// The lock file's path.
    package let path: String

    private init(descriptor: FileDescriptor, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Takes the lock if nobody holds it; returns nil when another process does. A `shared`
    /// lock file is opened read-only (flock needs no more) and created readable by everyone, so
    /// processes of other users can lock the same file (the server-wide build slots).
    package static func tryAcquire(_ path: String, shared: Bool = false) throws -> FileLock? {
        let fd = try FileDescriptor.open(path, flags: shared ? O_RDONLY | O_CREAT : O_RDWR | O_CREAT, mode: shared ? 0o644 : 0o600)
        while flock(fd.raw, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK { return nil }
            throw SystemError("flock", path)
        }
        return FileLock(descriptor: fd, path: path)
    }

    /// Waits until the lock is free, then takes it.
    package static func acquire(_ path: String) throws -> FileLock {
        let fd = try FileDescriptor.open(path, flags: O_RDWR | O_CREAT, mode: 0o600)
        while flock(fd.raw, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            throw SystemError("flock", path)
        }
        return FileLock(descriptor: fd, path: path)
    }

    /// True when some process holds the lock at this moment.
    package static func isHeld(_ path: String, shared: Bool = false) -> Bool {
        do {
            guard let lock = try tryAcquire(path, shared: shared) else { return true }
            lock.release()
            return false
        } catch {
            return false
        }
    }

    /// Releases the lock now (it is also released when this object goes away).
    package func release() {
        _ = flock(descriptor.raw, LOCK_UN)
        descriptor.close()
    }
}
