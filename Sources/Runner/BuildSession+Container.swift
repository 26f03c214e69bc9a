import Platform
#if canImport(Glibc)
import Glibc
#endif

extension BuildSession {
    /// What a container command's script starts with: 0.1 commands load the initial variables
    /// (the agent starts every command with `env -i`); every command moves to its directory.
    func containerPreamble() -> String {
        let load = settings.carriesState ? "" : ". \(shellQuoted(settings.stateDirectory + "/env.sh"))\n"
        let notice = ContainerLog.text("Directory \(workingDirectory) no longer exists; running in \(settings.sourceDirectory)",
                                       atLineStart: true)
        return load + AgentScript.changeDirectory(to: workingDirectory, fallback: settings.sourceDirectory, notice: notice)
    }

    /// Gives the checkout to the container's user when it is not this process's: a build in an
    /// image whose user is not root (or with `run-as`) can write its own checkout.
    func handOver(_ directory: String, to agent: ContainerAgent) throws {
        guard let user = agent.userID, let group = agent.groupID, user != getuid(), geteuid() == 0 else { return }
        try changeOwner(ofTree: directory, user: user, group: group)
    }

    /// Gives the checkout back when the container's root made files there that this process,
    /// not root, could not remove.
    func handBack(_ directory: String, from agent: ContainerAgent) {
        guard agent.userID == 0, getuid() != 0, (try? agent.request("own \(getuid()):\(getgid())")) != nil else { return }
        _ = agent.waitForExit(timeoutMilliseconds: 30_000)
    }

    /// Runs `script` through the container's agent and returns what it printed.
    func runReading(_ script: String, in agent: ContainerAgent) throws -> [UInt8] {
        let output = settings.stateDirectory + "/read.out"
        try writeTextFileAtomically(settings.stateDirectory + "/read.sh", script, mode: 0o644, durable: false)
        _ = unlink(output)
        try agent.request("read")
        // The build's own processes share this directory: never wait on them for long.
        guard agent.waitForExit(timeoutMilliseconds: 10_000) != nil else {
            throw ContainerAgentError(description: "the build container did not answer in 10 seconds")
        }
        defer { _ = unlink(output) }
        return try readWholeFile(output, followingSymlinks: false)
    }
}
