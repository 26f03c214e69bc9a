import CSupport
import Platform
#if canImport(Glibc)
import Glibc
#endif

/// A command a build session started, wherever it runs: what the output pump waits on.
protocol RunningCommand: AnyObject {
    /// A descriptor that turns readable when the command may have ended (-1: poll often).
    var readyDescriptor: Int32 { get }
    /// The exit status once the command ended (128 + signal when killed), nil while it runs.
    func poll() -> Int32?
    /// Waits for the command to end.
    func wait() -> Int32
    /// Sends SIGTERM or SIGKILL to the command and everything else the build still runs.
    func signal(_ number: Int32)
}

/// A shell on this host (or in the sandbox's namespaces), watched through a pidfd; signals go
/// to the build's whole process group.
final class HostCommand: RunningCommand {
    let child: ChildProcess
    let group: pid_t
    let readyDescriptor: Int32

    init(child: ChildProcess, group: pid_t) {
        self.child = child
        self.group = group
        readyDescriptor = slipway_pidfd_open(child.pid)
    }

    deinit {
        if readyDescriptor >= 0 { Glibc.close(readyDescriptor) }
    }

    func poll() -> Int32? { child.poll()?.code }
    func wait() -> Int32 { child.wait().code }
    func signal(_ number: Int32) { ProcessGroups.signal(group, number) }
}

/// A command the container's agent runs; its end is the agent's `exit N` line. Signals reach
/// every process in the container through the agent (SIGUSR1 for SIGTERM, SIGUSR2 for SIGKILL).
final class AgentCommand: RunningCommand {
    let agent: ContainerAgent

    init(agent: ContainerAgent) {
        self.agent = agent
    }

    var readyDescriptor: Int32 { agent.status.raw }
    func poll() -> Int32? { agent.exitStatus() }
    func wait() -> Int32 { agent.waitForExit() ?? 137 }
    func signal(_ number: Int32) { agent.container.signal(number == SIGKILL ? "USR2" : "USR1") }
}
