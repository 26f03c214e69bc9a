#if canImport(Glibc)
import Glibc
#endif

/// The namespaces of a running process (a sandbox's holder), open as /proc/PID/ns/* descriptors,
/// so that later processes can be started inside them without the sandbox tool's startup cost.
///
/// The order is the one the kernel's rules need: first the user namespace that owns the others
/// (joining it grants the rights to enter them), then ipc, uts, net, cgroup, pid and mount, and
/// last the holder's own user namespace when it is a nested one (bubblewrap's
/// `--disable-userns` makes one), so that a process ends up exactly where the holder is. Only
/// namespaces that differ from this process's own are entered.
package final class NamespaceSet: @unchecked Sendable {
    /// The descriptors, in the order they must be entered.
    package let descriptors: [Int32]

    /// Opens the namespaces of `pid`; throws when they cannot be read.
    package init(of pid: pid_t) throws {
        var opened: [Int32] = []
        func fail(_ call: String, _ path: String) -> SystemError {
            let error = SystemError(call, path)
            for fd in opened { Glibc.close(fd) }
            return error
        }
        func openUnlessOwn(_ kind: String) throws -> Int32? {
            let theirs = "/proc/\(pid)/ns/\(kind)"
            var target = stat(), own = stat()
            guard stat(theirs, &target) == 0 else {
                if errno == ENOENT && kind == "cgroup" { return nil }
                throw fail("stat", theirs)
            }
            if stat("/proc/self/ns/\(kind)", &own) == 0 && own.st_ino == target.st_ino && own.st_dev == target.st_dev { return nil }
            let fd = open(theirs, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw fail("open", theirs) }
            return fd
        }
        var others: [Int32] = []
        for kind in ["ipc", "uts", "net", "cgroup", "pid", "mnt"] {
            if let fd = try openUnlessOwn(kind) { others.append(fd); opened.append(fd) }
        }
        let holder = try openUnlessOwn("user")
        if let holder { opened.append(holder) }
        // NS_GET_USERNS: the user namespace that owns the mount namespace.
        var owner: Int32?
        if let mount = others.last {
            let fd = ioctl(mount, UInt(0xb701))
            guard fd >= 0 else { throw fail("ioctl NS_GET_USERNS", "/proc/\(pid)/ns/mnt") }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            opened.append(fd)
            owner = Self.isOwn(fd, "user") ? nil : fd
        }
        var order: [Int32] = []
        if let owner { order.append(owner) }
        order += others
        if let holder, !Self.sameNamespace(holder, owner) { order.append(holder) }
        // Descriptors opened but not entered are closed now.
        for fd in opened where !order.contains(fd) { Glibc.close(fd) }
        descriptors = order
    }

    private static func isOwn(_ fd: Int32, _ kind: String) -> Bool {
        var theirs = stat(), own = stat()
        return fstat(fd, &theirs) == 0 && stat("/proc/self/ns/\(kind)", &own) == 0
            && theirs.st_ino == own.st_ino && theirs.st_dev == own.st_dev
    }

    private static func sameNamespace(_ a: Int32, _ b: Int32?) -> Bool {
        guard let b else { return false }
        var first = stat(), second = stat()
        return fstat(a, &first) == 0 && fstat(b, &second) == 0 && first.st_ino == second.st_ino && first.st_dev == second.st_dev
    }

    deinit {
        for fd in descriptors { Glibc.close(fd) }
    }
}
