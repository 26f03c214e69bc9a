import Platform
import Settings
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
    @discardableResult
    package static func ensureRunning(settings: SlipwaySettings, executable: String) throws -> Bool {
        if FileLock.isHeld(settings.paths.workerLock) { return false }
        try makeDirectories(settings.paths.state, mode: 0o700)
        let log = try FileDescriptor.open(settings.paths.workerLog, flags: O_WRONLY | O_CREAT | O_APPEND, mode: 0o600)
        let environment = ProcessEnvironment.withoutGitVariables(ProcessEnvironment.current())
        _ = try ChildProcess.spawn(executable: executable, arguments: ["worker", "--repo", settings.gitDirectory],
                                   environment: environment, workingDirectory: settings.gitDirectory,
                                   standardInput: -1, standardOutput: log.raw, standardError: log.raw,
                                   group: .newSession)
        return true
    }
}
