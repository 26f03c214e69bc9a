import CSupport
import Platform
#if canImport(Glibc)
import Glibc
#endif

/// How one command ended.
package enum CommandOutcome: Sendable, Equatable {
    /// The shell exited with this status (128 + signal when killed by a signal).
    case exited(Int32)
    /// The build ran out of time during the command.
    case timedOut
    /// The build was stopped (cancelled) during the command.
    case stopped
    /// The command could not be started at all.
    case couldNotStart(String)
}

/// What a build session needs to know.
package struct SessionSettings: Sendable {
    /// Absolute path of the shell (`/bin/sh` or `/bin/bash`).
    package var shellPath: String
    /// True for buildspec 0.2: working directory and variables carry from one command to the next.
    package var carriesState: Bool
    /// CODEBUILD_SRC_DIR: where the first command starts.
    package var sourceDirectory: String
    /// A private directory (created with mode 0700) for the generated scripts and carried state.
    package var stateDirectory: String
    /// The complete initial environment of the first command.
    package var environment: [String: String]
    /// An environment entry (NAME=VALUE) unique to this build, used to find its leftover processes.
    package var marker: (name: String, value: String)
    /// Monotonic deadline in milliseconds (Clock.monotonicMilliseconds), or nil for none.
    package var deadline: Int64?
    /// Time between SIGTERM and SIGKILL when a build is timed out or stopped.
    package var killGraceMilliseconds: Int64 = 5000

    package init(shellPath: String, carriesState: Bool, sourceDirectory: String, stateDirectory: String,
                 environment: [String: String], marker: (name: String, value: String), deadline: Int64?) {
        self.shellPath = shellPath
        self.carriesState = carriesState
        self.sourceDirectory = sourceDirectory
        self.stateDirectory = stateDirectory
        self.environment = environment
        self.marker = marker
        self.deadline = deadline
    }
}

/// Runs a build's commands one shell at a time, in one process group, with one output pipe.
///
/// All commands write to the same pipe (stdout and stderr together, so their order is kept),
/// which stays open for the whole build: a background job started with `nohup ... &` keeps
/// writing into the log. A command is over when its shell exits (watched through a pidfd),
/// not when the pipe closes.
package final class BuildSession {
    package let settings: SessionSettings
    let sink: OutputSink
    let shouldStop: () -> Bool
    private let anchor: ProcessGroupAnchor
    let outputRead: FileDescriptor
    private let outputWrite: FileDescriptor
    private var workingDirectory: String
    private var finished = false
    var readBuffer = [UInt8](repeating: 0, count: 1 << 20)
    /// How many commands printed heavily enough for their output to go through an `OutputRelay`.
    var relayedCommands = 0

    /// The build's process group id.
    package var processGroup: pid_t { anchor.group }

    /// Prepares the state directory and the process group. `shouldStop` is polled a few
    /// times a second while a command runs; returning true stops the build.
    package init(settings: SessionSettings, sink: OutputSink, shouldStop: @escaping () -> Bool = { false }) throws {
        self.settings = settings
        self.sink = sink
        self.shouldStop = shouldStop
        try makeDirectories(parentDirectory(settings.stateDirectory))
        if mkdir(settings.stateDirectory, 0o700) != 0 && errno != EEXIST {
            throw SystemError("mkdir", settings.stateDirectory)
        }
        _ = chmod(settings.stateDirectory, 0o700)
        var initial = settings.environment
        initial[settings.marker.name] = settings.marker.value
        initial.removeValue(forKey: "PWD")
        initial.removeValue(forKey: "OLDPWD")
        try writeTextFileAtomically(settings.stateDirectory + "/env.sh", CommandScript.environmentFile(initial), mode: 0o600)
        workingDirectory = settings.sourceDirectory
        (outputRead, outputWrite) = try makePipe()
        // A large pipe and large reads: a build that prints gigabytes costs few wake-ups.
        _ = slipway_set_pipe_size(outputRead.raw, 1 << 20)
        outputRead.setNonBlocking()
        anchor = try ProcessGroupAnchor(shellPath: settings.shellPath, environment: [
            "PATH": settings.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            settings.marker.name: settings.marker.value,
        ])
    }

    deinit {
        close()
    }

    /// Runs one command. `overrides` are set after the carried variables are loaded, so the
    /// runner's own values (CODEBUILD_BUILD_SUCCEEDING) win over stale ones.
    package func run(_ command: String, overrides: [(String, String)]) -> CommandOutcome {
        guard !finished else { return .stopped }
        let script = settings.carriesState
            ? CommandScript.stateful(command: command, stateDirectory: settings.stateDirectory, overrides: overrides)
            : CommandScript.standalone(command: command, overrides: overrides)
        let scriptPath = settings.stateDirectory + "/command.sh"
        let child: ChildProcess
        do {
            try writeTextFileAtomically(scriptPath, script, mode: 0o600)
            child = try spawnShell(scriptPath)
        } catch {
            return .couldNotStart("\(error)")
        }
        let outcome = pump(until: child)
        if settings.carriesState, case .exited = outcome, let saved = try? readTextFile(settings.stateDirectory + "/cwd") {
            let directory = saved.hasSuffix("\n") ? String(saved.dropLast()) : saved
            if !directory.isEmpty { workingDirectory = directory }
        }
        return outcome
    }

    private func spawnShell(_ scriptPath: String) throws -> ChildProcess {
        // 0.2 shells get only the marker: every variable comes from the carried file, so an
        // `unset` in one command stays unset in the next. 0.1 shells get the initial environment.
        var environment = settings.carriesState ? [:] : settings.environment
        environment[settings.marker.name] = settings.marker.value
        var directory = workingDirectory
        if !isDirectory(directory) {
            ContainerLog(sink: sink).line("Directory \(directory) no longer exists; running in \(settings.sourceDirectory)")
            directory = settings.sourceDirectory
            workingDirectory = directory
        }
        return try ChildProcess.spawn(executable: settings.shellPath, arguments: [scriptPath], environment: environment,
                                      workingDirectory: directory, standardInput: -1,
                                      standardOutput: outputWrite.raw, standardError: outputWrite.raw,
                                      group: .join(anchor.group))
    }

    /// Final values of the named variables as the build left them (only those that are set).
    package func variables(named names: [String]) -> [String: String] {
        guard settings.carriesState else {
            return settings.environment.filter { names.contains($0.key) }
        }
        let valid = names.filter(CommandScript.isExportableName)
        guard !valid.isEmpty else { return [:] }
        var script = ". \(shellQuoted(settings.stateDirectory + "/env.sh")) 2>/dev/null\n"
        for name in valid {
            script += "if [ \"${\(name)+set}\" = set ]; then printf '%s=%s\\0' \(name) \"$\(name)\"; fi\n"
        }
        guard let result = try? CommandRunner.run(settings.shellPath, ["-c", script], environment: [:]) else { return [:] }
        var values: [String: String] = [:]
        for entry in result.output.split(separator: 0, omittingEmptySubsequences: true) {
            let text = String(decoding: entry, as: UTF8.self)
            if let equals = text.firstIndex(of: "=") {
                values[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
        }
        return values
    }

    /// Ends the build: kills every process left in its group (and any that escaped the group
    /// but carry the build's marker), and removes the state directory with its variables.
    package func close() {
        guard !finished else { return }
        finished = true
        anchor.killAll()
        killMarkedProcesses()
        drainAvailable()
        outputWrite.close()
        outputRead.close()
        try? removeTree(settings.stateDirectory)
    }

    private func killMarkedProcesses() {
        let marker = "\(settings.marker.name)=\(settings.marker.value)"
        for pid in ProcessGroups.processes(withEnvironmentEntry: marker) {
            kill(pid, SIGKILL)
        }
    }
}
