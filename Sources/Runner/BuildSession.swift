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
    /// Run every command inside one bubblewrap sandbox for the whole build (nil: on the host).
    package var sandbox: SandboxSpec?
    /// Run every command in one container for the whole build, started by this launcher
    /// (`shellPath` is then the shell's path in the image).
    package var container: (any ContainerLauncher)?
    /// The image's user commands run as in the container (the buildspec's `run-as`).
    package var containerUser: String?

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
    let anchor: ProcessGroupAnchor
    /// The build's sandbox, when it runs in one.
    package private(set) var sandbox: Sandbox?
    /// The build container's agent, when the build runs in a container.
    private(set) var agent: ContainerAgent?
    let outputRead: FileDescriptor
    private let outputWrite: FileDescriptor
    private(set) var workingDirectory: String
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
        // In a container the image's own environment (PATH, HOME) comes first; the agent saves it at start.
        let base = settings.container == nil ? "" : ". \(shellQuoted(settings.stateDirectory + "/base.sh"))\n"
        try writeTextFileAtomically(settings.stateDirectory + "/env.sh", base + CommandScript.environmentFile(initial),
                                    mode: settings.container == nil ? 0o600 : 0o666, durable: false)
        workingDirectory = settings.sourceDirectory
        if settings.container != nil {
            // The image's user may be anyone: the session directory is theirs to write; its parent keeps this host's users out.
            _ = chmod(settings.stateDirectory, 0o777)
            (outputRead, outputWrite) = try ContainerAgent.makeOutputChannel(in: settings.stateDirectory)
        } else {
            (outputRead, outputWrite) = try makePipe()
        }
        // A large pipe and large reads: a build that prints gigabytes costs few wake-ups.
        _ = slipway_set_pipe_size(outputRead.raw, 1 << 20)
        outputRead.setNonBlocking()
        anchor = try ProcessGroupAnchor(shellPath: settings.shellPath, environment: [
            "PATH": settings.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            settings.marker.name: settings.marker.value,
        ])
        do {
            if let spec = settings.sandbox {
                sandbox = try Sandbox(spec: spec, shellPath: settings.shellPath, group: anchor.group, marker: settings.marker)
            }
            if let launcher = settings.container {
                agent = try ContainerAgent(
                    launcher: launcher, directory: settings.stateDirectory, sourceDirectory: settings.sourceDirectory,
                    shellPath: settings.shellPath, marker: settings.marker,
                    binds: [ContainerBind(path: settings.sourceDirectory, readOnly: false),
                            ContainerBind(path: settings.stateDirectory, readOnly: false)],
                    user: settings.containerUser)
            }
        } catch {
            anchor.killAll()
            outputRead.close()
            outputWrite.close()
            throw error
        }
        if let agent {
            do {
                try handOver(settings.sourceDirectory, to: agent)
            } catch {
                close()
                throw error
            }
        }
    }

    /// Wall time the build container took to start and run its agent, in milliseconds.
    package var containerStartMilliseconds: Int64? { agent?.startMilliseconds }

    /// The engine's id of the build container.
    package var containerID: String? { agent?.container.id }

    deinit {
        close()
    }

    /// Runs one command. `overrides` are set after the carried variables are loaded, so the
    /// runner's own values (CODEBUILD_BUILD_SUCCEEDING) win over stale ones.
    package func run(_ command: String, overrides: [(String, String)]) -> CommandOutcome {
        guard !finished else { return .stopped }
        var script = settings.carriesState
            ? CommandScript.stateful(command: command, stateDirectory: settings.stateDirectory, overrides: overrides)
            : CommandScript.standalone(command: command, overrides: overrides)
        if agent != nil { script = containerPreamble() + script }
        let scriptPath = settings.stateDirectory + "/command.sh"
        let running: RunningCommand
        do {
            // A crash ends the build anyway: the script needs no fsync, and the build waits for none.
            try writeTextFileAtomically(scriptPath, script, mode: agent == nil ? 0o600 : 0o644, durable: false)
            if let agent {
                try agent.request("run")
                running = AgentCommand(agent: agent)
            } else {
                running = HostCommand(child: try spawnShell(scriptPath), group: anchor.group)
            }
        } catch {
            return .couldNotStart("\(error)")
        }
        let outcome = pump(until: running)
        // The build owns its state directory: its files are read without following links.
        if settings.carriesState, case .exited = outcome,
           let bytes = try? readWholeFile(settings.stateDirectory + "/cwd", followingSymlinks: false) {
            let saved = String(decoding: bytes, as: UTF8.self)
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
        // The directory is the build's (in a sandbox, perhaps its private /tmp): look at it as the
        // build sees it, its links resolved inside its own root, never against the host's.
        let exists = sandbox.map { slipway_is_directory_in_root($0.root, workingDirectory) == 1 } ?? isDirectory(workingDirectory)
        if !exists {
            ContainerLog(sink: sink).line("Directory \(workingDirectory) no longer exists; running in \(settings.sourceDirectory)")
            workingDirectory = settings.sourceDirectory
        }
        return try ChildProcess.spawn(executable: settings.shellPath, arguments: [scriptPath], environment: environment,
                                      workingDirectory: workingDirectory, standardInput: -1,
                                      standardOutput: outputWrite.raw, standardError: outputWrite.raw,
                                      group: .join(anchor.group), namespaces: sandbox?.namespaces)
    }

    /// Ends the build: kills every process left in its group (and any that escaped the group
    /// but carry the build's marker), and removes the state directory with its variables.
    package func close() {
        guard !finished else { return }
        finished = true
        anchor.killAll()
        sandbox?.close()
        if let agent { handBack(settings.sourceDirectory, from: agent) }
        agent?.close()
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
