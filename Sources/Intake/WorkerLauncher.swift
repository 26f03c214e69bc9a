import Platform
#if canImport(Glibc)
import Glibc
#endif

/// Starts `slipway worker` in the background when no worker holds the queue's lock.
package enum WorkerLauncher {
    /// True when a worker was started, false when one is already running.
    ///
    /// The worker runs in its own session with /dev/null for input and its output appended to
    /// the state directory's worker.log: git waits for the hook's output pipes to close, so a
    /// worker that kept them would hold the push open until the build ended.
    /// `afterProcess` (a pid, or 0) delays the worker until that process has exited: the hook
    /// passes git's receive-pack, so the push finishes before a build competes with it for the CPU.
    @discardableResult
    package static func ensureRunning(rules: IntakeRules, executable: String, afterProcess: pid_t = 0) throws -> Bool {
        if FileLock.isHeld(rules.paths.workerLock) { return false }
        try makeDirectories(rules.paths.state, mode: 0o700)
        let log = try FileDescriptor.open(rules.paths.workerLog, flags: O_WRONLY | O_CREAT | O_APPEND, mode: 0o600)
        let environment = ProcessEnvironment.withoutGitVariables(ProcessEnvironment.current())
        _ = try ChildProcess.spawn(executable: executable, arguments: ["worker", "--repo", rules.gitDirectory],
                                   environment: environment, workingDirectory: rules.gitDirectory,
                                   standardInput: -1, standardOutput: log.raw, standardError: log.raw,
                                   group: .newSession, startAfterProcess: afterProcess)
        return true
    }
}
