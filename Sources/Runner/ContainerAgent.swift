import Platform
#if canImport(Glibc)
import Glibc
#endif

/// The runner's side of a build container's agent (`AgentScript`): the named pipes, the start
/// handshake, one request at a time. Commands cost a write and a read on pipes, not a
/// `docker exec`: the container's processes are all the agent's children, so the engine's
/// cgroup, capabilities, seccomp and AppArmor profile apply to every one of them.
final class ContainerAgent {
    let container: any BuildContainer
    private let requests: FileDescriptor
    private let lifeline: FileDescriptor
    let status: FileDescriptor
    private var pending: [UInt8] = []
    /// Why the agent can take no more requests (the container ended), once it cannot.
    private(set) var gone: String?
    /// The container user's ids, as the agent reported them.
    private(set) var userID: UInt32?
    private(set) var groupID: UInt32?
    /// Wall time from the launch request to the agent's `ready`, in milliseconds.
    private(set) var startMilliseconds: Int64 = 0

    static let pipeNames = ["requests", "status", "output", "lifeline"]

    /// The output pipe (read end, and a write end the runner holds so it never reports EOF),
    /// made before the container starts so the agent's open does not block.
    static func makeOutputChannel(in directory: String) throws -> (read: FileDescriptor, write: FileDescriptor) {
        // The container's user may be any user of the image: the pipes are open to it, and the
        // session directory's parent keeps everyone else on this host out.
        for name in pipeNames {
            let path = directory + "/" + name
            if mkfifo(path, 0o666) != 0 { throw SystemError("mkfifo", path) }
            _ = chmod(path, 0o666)
        }
        let read = try open(directory + "/output", O_RDONLY | O_NONBLOCK)
        let write = try open(directory + "/output", O_WRONLY)
        return (read, write)
    }

    /// Launches the container and waits for the agent's `ready`; throws with what to fix.
    init(launcher: any ContainerLauncher, directory: String, sourceDirectory: String, shellPath: String,
         marker: (name: String, value: String), binds: [ContainerBind], user: String?) throws {
        let started = Clock.monotonicMilliseconds()
        requests = try Self.open(directory + "/requests", O_RDWR)
        lifeline = try Self.open(directory + "/lifeline", O_RDWR)
        status = try Self.open(directory + "/status", O_RDONLY | O_NONBLOCK)
        container = try launcher.launch(ContainerLaunch(
            command: ["/bin/sh", "-c", AgentScript.text, "slipway-agent", directory, shellPath, "\(marker.name)=\(marker.value)",
                      sourceDirectory],
            binds: binds, labels: ["slipway.run": marker.value], user: user))
        var ready: String?
        let deadline = Clock.monotonicMilliseconds() + 120_000
        while ready == nil && gone == nil && Clock.monotonicMilliseconds() < deadline {
            ready = nextLine(waitingMilliseconds: 100)
            if ready == nil, gone == nil, let ended = container.endState() { gone = ended }
        }
        let words = (ready ?? "").split(separator: " ").map(String.init)
        guard words.first == "ready" else {
            let problem: String
            switch words.first {
            case "noshell": problem = "the image \(launcher.image) has no \(shellPath) (the buildspec's env.shell): use an image that has it"
            case "noenv": problem = "the image \(launcher.image) has no `env` command, which Slipway starts each command with: use an image with coreutils or busybox"
            default: problem = "the build container did not start its agent: \(gone ?? "no answer in 120 seconds")"
            }
            container.remove()
            throw ContainerAgentError(description: problem)
        }
        userID = words.count > 1 ? UInt32(words[1]) : nil
        groupID = words.count > 2 ? UInt32(words[2]) : nil
        startMilliseconds = Clock.monotonicMilliseconds() - started
    }

    /// Asks the agent to start `command.sh` (`run`) or `read.sh` (`read`).
    func request(_ kind: String) throws {
        if let gone { throw ContainerAgentError(description: "the build container is gone: \(gone)") }
        try requests.writeAll(kind + "\n")
    }

    /// The exit status the agent reported, once it did; nil while the command runs. A container
    /// that ended reports 137, as the engine does for a killed container, and is `gone`.
    func exitStatus() -> Int32? {
        guard let line = nextLine(waitingMilliseconds: 0) else {
            return gone == nil ? nil : 137
        }
        let words = line.split(separator: " ")
        return words.count == 2 && words[0] == "exit" ? Int32(words[1]) ?? 1 : 1
    }

    /// Waits for the current request's status (nil: none came in time).
    func waitForExit(timeoutMilliseconds: Int64? = nil) -> Int32? {
        let deadline = timeoutMilliseconds.map { Clock.monotonicMilliseconds() + $0 }
        while true {
            if let code = exitStatus() { return code }
            if let deadline, Clock.monotonicMilliseconds() >= deadline { return nil }
            var fds = [pollfd(fd: status.raw, events: Int16(POLLIN), revents: 0)]
            _ = Glibc.poll(&fds, 1, 200)
        }
    }

    /// Removes the container and closes the pipes.
    func close() {
        container.remove()
        for descriptor in [requests, lifeline, status] { descriptor.close() }
    }

    /// One line of the status pipe, waiting up to `waitingMilliseconds` for it.
    private func nextLine(waitingMilliseconds: Int32) -> String? {
        if let line = takeLine() { return line }
        guard gone == nil else { return nil }
        var fds = [pollfd(fd: status.raw, events: Int16(POLLIN), revents: 0)]
        if waitingMilliseconds > 0 && Glibc.poll(&fds, 1, waitingMilliseconds) <= 0 { return nil }
        var chunk = [UInt8](repeating: 0, count: 256)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(status.raw, $0.baseAddress, $0.count) }
            if count > 0 {
                pending += chunk[0..<count]
                continue
            }
            if count == 0 && readySeen {
                // Every writer closed: the agent (and its container) ended.
                gone = container.endState() ?? "the container's agent exited"
            }
            break
        }
        return takeLine()
    }

    /// A FIFO reads as EOF before its first writer opened it: only a `ready` proves the agent came.
    private var readySeen = false

    private func takeLine() -> String? {
        guard let newline = pending.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let line = String(decoding: pending[..<newline], as: UTF8.self)
        pending.removeSubrange(...newline)
        if line.hasPrefix("ready") || line == "noshell" || line == "noenv" { readySeen = true }
        return line
    }

    private static func open(_ path: String, _ flags: Int32) throws -> FileDescriptor {
        let fd = Glibc.open(path, flags | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open", path) }
        return FileDescriptor(raw: fd)
    }
}

/// The build container could not be used, with what to do about it.
package struct ContainerAgentError: Error, CustomStringConvertible {
    package let description: String
}
