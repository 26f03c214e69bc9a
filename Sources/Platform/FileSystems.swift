import CSupport
#if canImport(Glibc)
import Glibc
#endif

/// Gives every file under `path` (links themselves, never their targets) to `user` and `group`.
package func changeOwner(ofTree path: String, user: UInt32, group: UInt32) throws {
    var info = stat()
    guard lstat(path, &info) == 0 else { throw SystemError("lstat", path) }
    guard lchown(path, user, group) == 0 else { throw SystemError("chown", path) }
    guard (info.st_mode & S_IFMT) == S_IFDIR else { return }
    for name in try listDirectory(path) {
        try changeOwner(ofTree: path + "/" + name, user: user, group: group)
    }
}

/// True when `path` is on a memory filesystem (tmpfs).
package func isMemoryFileSystem(_ path: String) -> Bool {
    slipway_is_tmpfs(path) == 1
}

/// Opens `path` relative to `directory` so that every component, links included, stays
/// beneath it; a link out of it (absolute, or through `..`) fails with EXDEV.
package func openBeneath(_ directory: FileDescriptor, _ path: String, flags: Int32) throws -> FileDescriptor {
    let fd = slipway_open_beneath(directory.raw, path, flags)
    guard fd >= 0 else { throw SystemError("open", path) }
    return FileDescriptor(raw: fd)
}

/// O_PATH (Linux): a descriptor that names a directory for *at() calls without opening it for reading.
package let openPathOnly: Int32 = 0o10000000
