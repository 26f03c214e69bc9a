import Containers
import Intake
import Pipeline
import Platform
import Runner
import Settings

/// Which executor runs a branch's builds, from `build:` in slipway.yml.
struct ExecutorChoice {
    let settings: SlipwaySettings
    let hostEnvironment: [String: String]

    func executor(forBranch branch: String) -> BuildExecutor {
        let policy = settings.build.policy(forBranch: branch)
        switch policy.isolation {
        case .none:
            return ShellExecutor.host
        case .container:
            guard let image = policy.image else {
                return UnavailableExecutor(problem: "build.isolation: container needs build.image (the image builds run in) in slipway.yml")
            }
            guard let socket = engineUnixSocket() else {
                return UnavailableExecutor(problem: EngineError.notUnixSocket(engineAddress()).description)
            }
            var launcher = DockerLauncher(engine: DockerEngine(socket: socket), image: image)
            launcher.network = policy.network
            // The checkout borrows the served repository's objects: `git log` in the build works.
            launcher.readOnly = [settings.gitDirectory + "/objects"]
            if policy.privileged { launcher.engineSocket = launcher.engine.socket }
            return ShellExecutor(container: launcher, engineSocket: policy.privileged ? DockerLauncher.socketInContainer : nil)
        case .sandbox:
            guard let bubblewrap = ProcessEnvironment.findExecutable("bwrap", path: hostEnvironment["PATH"] ?? "/usr/bin:/bin") else {
                return UnavailableExecutor(problem: SandboxError.notInstalled.description)
            }
            var spec = SandboxSpec(bubblewrap: bubblewrap)
            spec.network = policy.network
            // The checkout borrows the served repository's objects: `git log` in the build works.
            spec.readOnly = [settings.gitDirectory + "/objects"]
            spec.hidden = [settings.gitDirectory, settings.paths.state, parentDirectory(ServerSettings.path(environment: hostEnvironment))]
            if policy.privileged { spec.engineSocket = engineSocket() }
            return ShellExecutor(sandbox: spec)
        }
    }

    /// The engine a branch's builds run containers on (nil: its builds use no container).
    func containerEngine(forBranch branch: String) -> DockerEngine? {
        guard settings.build.policy(forBranch: branch).isolation == .container, let socket = engineUnixSocket() else { return nil }
        return DockerEngine(socket: socket)
    }

    /// The engine's unix socket: the images engine host, DOCKER_HOST, or Docker's default.
    private func engineSocket() -> String {
        engineUnixSocket() ?? "/var/run/docker.sock"
    }

    /// The engine's socket path, when its address is a unix socket.
    private func engineUnixSocket() -> String? {
        let address = engineAddress()
        return address.hasPrefix("unix://") ? String(address.dropFirst(7)) : nil
    }

    /// The engine's address: the images engine host, DOCKER_HOST, or Docker's default socket.
    private func engineAddress() -> String {
        settings.images.engineHost ?? hostEnvironment["DOCKER_HOST"] ?? "unix:///var/run/docker.sock"
    }
}

/// An executor for a configuration that cannot run here: every build FAULTs with `problem`.
struct UnavailableExecutor: BuildExecutor {
    let problem: String
    var kind: ExecutorKind { .sandbox }

    func execute(_ build: PreparedBuild, log: LogWriter, events: ExecutionEvents,
                 shouldStop: @escaping () -> Bool) throws -> ExecutionResult {
        throw ExecutorUnavailable(description: problem)
    }
}

/// The configured executor cannot run builds on this server.
struct ExecutorUnavailable: Error, CustomStringConvertible {
    let description: String
}
