import Platform
#if canImport(Glibc)
import Glibc
#endif

/// What a sandboxed build may see besides the host's tools (read-only /usr, /etc, /opt and the
/// library links), a private /tmp, /proc and /dev.
package struct SandboxSpec: Sendable, Equatable {
    /// bubblewrap's path.
    package var bubblewrap: String
    /// Bound read-only at the same path (the server's object store, for `git log` in the checkout).
    package var readOnly: [String] = []
    /// Bound read-write at the same path (the checkout, the shell state, the private HOME).
    package var writable: [String] = []
    /// Covered by an empty directory when a read-only system bind would show them (the git
    /// directory and the state directory, when they live under /opt, say).
    package var hidden: [String] = []
    /// False: a network namespace of its own with only loopback.
    package var network = true
    /// A container engine's socket to give the build (build.privileged).
    package var engineSocket: String?

    package init(bubblewrap: String) {
        self.bubblewrap = bubblewrap
    }
}

/// One bubblewrap sandbox for a whole build: user, pid, mount, ipc and uts namespaces (and a
/// network one when the network is off), held open by a sleeping process. Commands are not
/// started through bubblewrap: they enter its namespaces directly (`NamespaceSet`), so the
/// sandbox costs its start once per build and nothing per command. Every process of the build
/// lives in its pid namespace: when the sandbox ends, the kernel ends them all, `setsid`
/// daemons and double forks included.
package final class Sandbox {
    let process: ChildProcess
    package let namespaces: NamespaceSet
    /// The sandbox's root as this process sees it (`/proc/<holder>/root`): where to look at a
    /// path the way the build sees it.
    package let root: String
    /// Wall time bubblewrap took to set the sandbox up, in milliseconds.
    package let startMilliseconds: Int64

    /// Starts the sandbox in process group `group`; throws `SandboxError` with what to fix.
    package init(spec: SandboxSpec, shellPath: String, group: pid_t, marker: (name: String, value: String)) throws {
        let started = Clock.monotonicMilliseconds()
        let (infoRead, infoWrite) = try makePipe()
        let (errorRead, errorWrite) = try makePipe()
        // bubblewrap reports the child's pid before the child has finished its mounts: only the
        // holder itself, once it runs, can say the sandbox is ready to be entered.
        let hold = "echo \(Self.readyWord) >&2; exec </dev/null >/dev/null 2>&1; while :; do sleep 3600; done"
        do {
            process = try ChildProcess.spawn(
                executable: spec.bubblewrap, arguments: SandboxArguments.make(spec) + ["--info-fd", "1", "--", shellPath, "-c", hold],
                environment: ["PATH": "/usr/local/bin:/usr/bin:/bin", marker.name: marker.value],
                standardOutput: infoWrite.raw, standardError: errorWrite.raw, group: .join(group))
        } catch {
            throw SandboxError.cannotStart("\(spec.bubblewrap) could not be started: \(error)")
        }
        infoWrite.close()
        errorWrite.close()
        let deadline = Clock.monotonicMilliseconds() + 15_000
        let info = Self.read(infoRead, until: "}", deadline: deadline)
        let errors = Self.read(errorRead, until: Self.readyWord, deadline: deadline)
        guard let childPid = Self.childPid(in: info), errors.contains(Self.readyWord) else {
            _ = kill(process.pid, SIGKILL)
            _ = process.wait()
            throw SandboxError.diagnose(errors)
        }
        do {
            namespaces = try NamespaceSet(of: childPid)
            root = "/proc/\(childPid)/root"
        } catch {
            _ = kill(process.pid, SIGKILL)
            _ = process.wait()
            throw SandboxError.cannotStart("the sandbox's namespaces could not be opened: \(error)")
        }
        startMilliseconds = Clock.monotonicMilliseconds() - started
    }

    /// Ends the sandbox and everything in it.
    package func close() {
        _ = kill(process.pid, SIGKILL)
        _ = process.wait()
    }

    /// What the holder prints once the sandbox is complete.
    static let readyWord = "slipway-sandbox-ready"

    /// Reads until `marker` arrived, the writers closed, or the deadline passed. bubblewrap
    /// writes `{"child-pid": N, ...}` to the info descriptor, and its errors to the other.
    private static func read(_ descriptor: FileDescriptor, until marker: String, deadline: Int64) -> String {
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while Clock.monotonicMilliseconds() < deadline && !String(decoding: text, as: UTF8.self).contains(marker) {
            var fds = [pollfd(fd: descriptor.raw, events: Int16(POLLIN), revents: 0)]
            let ready = Glibc.poll(&fds, 1, 200)
            if ready < 0 && errno != EINTR { break }
            guard ready > 0 else { continue }
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor.raw, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            text += chunk[0..<count]
        }
        descriptor.close()
        return String(decoding: text, as: UTF8.self)
    }

    static func childPid(in info: String) -> pid_t? {
        let key = Array("\"child-pid\"".utf8), text = Array(info.utf8)
        guard text.count > key.count,
              let start = (0...(text.count - key.count)).first(where: { Array(text[$0..<$0 + key.count]) == key }) else { return nil }
        let digits = text[(start + key.count)...].drop { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: " ") }
            .prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        return pid_t(String(decoding: digits, as: UTF8.self))
    }
}

/// Why a sandbox could not be made, with what to do about it.
package enum SandboxError: Error, CustomStringConvertible, Equatable {
    case notInstalled
    case userNamespacesDisabled(String)
    case procMasked(String)
    case cannotStart(String)

    package var description: String {
        switch self {
        case .notInstalled:
            return "bubblewrap (bwrap) is not installed, and builds run in a bubblewrap sandbox by default: "
                + "install it (`apt-get install bubblewrap`), or set `build.isolation: none` in slipway.yml to run builds unisolated"
        case .userNamespacesDisabled(let detail):
            return "the sandbox could not be made: the kernel refuses unprivileged user namespaces (\(detail)). "
                + "Check `sysctl kernel.unprivileged_userns_clone` (must be 1 on Debian) and `sysctl user.max_user_namespaces` (must be above 0), "
                + "or set `build.isolation: none` in slipway.yml to run builds unisolated"
        case .procMasked(let detail):
            return "the sandbox could not be made: the kernel refused a /proc for the build's own PID namespace (\(detail)). "
                + "This happens when Slipway itself runs in a container whose /proc is partly masked (Docker's default): run the server "
                + "outside such a container or give it an unmasked /proc (`docker run --security-opt systempaths=unconfined`), "
                + "or set `build.isolation: none` in slipway.yml to run builds unisolated"
        case .cannotStart(let detail):
            return "the sandbox could not be made: \(detail); set `build.isolation: none` in slipway.yml to run builds unisolated"
        }
    }

    static func diagnose(_ message: String) -> SandboxError {
        let line = message.split(separator: "\n").first.map(String.init) ?? "bubblewrap exited without a word"
        if message.contains("namespace") && (message.contains("ermission") || message.contains("not permitted")) {
            return .userNamespacesDisabled(line)
        }
        if message.contains("mount proc") { return .procMasked(line) }
        return .cannotStart(line)
    }
}
