import Platform
#if canImport(Glibc)
import Glibc
#endif

/// A small process that leads the build's process group for the build's whole life.
///
/// Every command shell joins this group, so one signal reaches the whole tree, background jobs
/// included. The anchor also watches the runner: if the runner dies (even by SIGKILL), the
/// anchor kills the group within a second, so nothing of an orphaned build keeps running.
final class ProcessGroupAnchor {
    let process: ChildProcess
    var group: pid_t { process.pid }

    init(shellPath: String, environment: [String: String]) throws {
        let runner = getpid()
        let watch = "trap '' TERM INT HUP; trap 'kill -KILL 0' USR1; "
            + "while kill -0 \(runner) 2>/dev/null; do sleep 1; done; kill -KILL 0"
        process = try ChildProcess.spawn(executable: shellPath, arguments: ["-c", watch],
                                         environment: environment, workingDirectory: "/", group: .newGroup,
                                         parentDeathSignal: SIGUSR1)
    }

    /// Sends a signal to every process in the group.
    func signal(_ number: Int32) {
        ProcessGroups.signal(group, number)
    }

    /// Kills the whole group and reaps the anchor.
    func killAll() {
        ProcessGroups.signal(group, SIGKILL)
        _ = process.wait()
    }
}
