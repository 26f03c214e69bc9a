import Platform
#if canImport(Glibc)
import Glibc
#endif

/// bubblewrap's arguments for a build sandbox, in mount order: the host's tools read-only, the
/// secrets of /etc masked, fresh /proc, /dev and /tmp, server paths hidden, then the build's own
/// directories.
enum SandboxArguments {
    /// Host directories every build sees read-only, at the same path.
    static let systemRoots = ["/usr", "/etc", "/opt"]
    /// The merged-/usr links (or directories, on an older layout).
    static let libraryLinks = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]
    /// Files and directories of /etc that hold host secrets or Slipway's own configuration:
    /// a build running as the server's user would otherwise read what that user may read.
    static let maskedEtc = ["/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-", "/etc/ssh", "/etc/ssl/private",
                            "/etc/slipway", "/etc/sudoers", "/etc/sudoers.d", "/etc/docker", "/etc/machine-id"]

    static func make(_ spec: SandboxSpec) -> [String] {
        var arguments = ["--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                         "--die-with-parent", "--disable-userns", "--hostname", "slipway-build"]
        if !spec.network { arguments.append("--unshare-net") }
        for root in systemRoots where isDirectory(root) {
            arguments += ["--ro-bind", root, root]
        }
        for link in libraryLinks {
            if let target = symlinkTarget(link) {
                arguments += ["--symlink", target, link]
            } else if isDirectory(link) {
                arguments += ["--ro-bind", link, link]
            }
        }
        for path in maskedEtc {
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            arguments += (info.st_mode & S_IFMT) == S_IFDIR ? ["--tmpfs", path] : ["--ro-bind", "/dev/null", path]
        }
        arguments += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/var/tmp", "--tmpfs", "/run"]
        for path in spec.hidden where isDirectory(path) && systemRoots.contains(where: { path.hasPrefix($0 + "/") }) {
            arguments += ["--tmpfs", path]
        }
        for path in spec.readOnly { arguments += ["--ro-bind", path, path] }
        for path in spec.writable { arguments += ["--bind", path, path] }
        if let socket = spec.engineSocket { arguments += ["--bind", socket, socket] }
        return arguments
    }

    private static func symlinkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
