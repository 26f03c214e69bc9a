/// A directory of this host bound into a build container at the same path.
package struct ContainerBind: Sendable, Equatable {
    package var path: String
    package var readOnly: Bool

    package init(path: String, readOnly: Bool) {
        self.path = path
        self.readOnly = readOnly
    }
}

/// What a build session asks of the engine: one container running `command` (the session's
/// agent) with the session's directories bound in. The launcher adds what its configuration
/// says (the image, the user, the network, the engine socket of a privileged build).
package struct ContainerLaunch: Sendable {
    /// The agent's command line, run as the container's main process.
    package var command: [String]
    /// The checkout and the session's own directory (read-write), at the same paths.
    package var binds: [ContainerBind]
    /// Labels the container carries (the run's marker), so leftovers can be found.
    package var labels: [String: String]
    /// The image's user to run as (the buildspec's `run-as`); nil: the image's own user.
    package var user: String?

    package init(command: [String], binds: [ContainerBind], labels: [String: String], user: String?) {
        self.command = command
        self.binds = binds
        self.labels = labels
        self.user = user
    }
}

/// Starts build containers on a container engine (Docker's API, in the Containers module).
package protocol ContainerLauncher: Sendable {
    /// The image builds run in, for the log and the report.
    var image: String { get }
    /// Creates and starts the container; throws with what to fix (no engine, no such image).
    func launch(_ launch: ContainerLaunch) throws -> any BuildContainer
}

/// One started build container, as its session sees it.
package protocol BuildContainer: AnyObject {
    /// The engine's id of the container.
    var id: String { get }
    /// Sends a signal (`TERM`, `USR1`…) to the container's main process, the agent.
    func signal(_ name: String)
    /// How the container ended (its exit code, an OOM kill), or nil while it runs.
    func endState() -> String?
    /// Kills and removes the container, with every process in it.
    func remove()
}
