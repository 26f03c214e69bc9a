import Platform
#if canImport(Glibc)
import Glibc
#endif

extension BuildSession {
    /// `text` as the build's shell expands it where the build runs (`$VAR`, `${VAR}`, `$(cmd)`),
    /// with the variables the phases left: how CodeBuild expands an artifact's `name`. Nil when
    /// the text spans lines or the shell failed.
    package func expand(_ text: String) -> String? {
        guard !text.contains("\n") else { return nil }
        // An unquoted here-document: parameter expansion and command substitution, nothing else.
        let delimiter = "SLIPWAY_END_\(UInt64.random(in: 1...UInt64.max))"
        guard let output = try? runReading(loadState + "cat <<\(delimiter)\n\(text)\n\(delimiter)\n") else { return nil }
        var value = String(decoding: output, as: UTF8.self)
        if value.hasSuffix("\n") { value.removeLast() }
        return value.isEmpty ? nil : value
    }

    /// Final values of the named variables as the build left them (only those that are set).
    package func variables(named names: [String]) -> [String: String] {
        guard settings.carriesState else {
            return settings.environment.filter { names.contains($0.key) }
        }
        let valid = names.filter(CommandScript.isExportableName)
        guard !valid.isEmpty else { return [:] }
        var script = loadState
        for name in valid {
            script += "if [ \"${\(name)+set}\" = set ]; then printf '%s=%s\\0' \(name) \"$\(name)\"; fi\n"
        }
        // The state file is the build's: it is sourced where the build runs (in its sandbox), never on the host.
        guard let output = try? runReading(script) else { return [:] }
        var values: [String: String] = [:]
        for entry in output.split(separator: 0, omittingEmptySubsequences: true) {
            let text = String(decoding: entry, as: UTF8.self)
            if let equals = text.firstIndex(of: "=") {
                values[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
        }
        return values
    }

    /// The line that loads the carried variables into a script run where the build runs.
    private var loadState: String { ". \(shellQuoted(settings.stateDirectory + "/env.sh")) 2>/dev/null\n" }

    /// Runs `script` with the build's shell where the build runs and returns what it printed.
    func runReading(_ script: String) throws -> [UInt8] {
        if let agent { return try runReading(script, in: agent) }
        let (read, write) = try makePipe()
        let child = try ChildProcess.spawn(executable: settings.shellPath, arguments: ["-c", script],
                                           environment: [settings.marker.name: settings.marker.value],
                                           workingDirectory: settings.sourceDirectory, standardOutput: write.raw,
                                           group: .join(anchor.group), namespaces: sandbox?.namespaces)
        write.close()
        // The state file is the build's own: a process it starts there could hold the pipe open.
        let deadline = Clock.monotonicMilliseconds() + 10_000
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while Clock.monotonicMilliseconds() < deadline {
            var fds = [pollfd(fd: read.raw, events: Int16(POLLIN), revents: 0)]
            if Glibc.poll(&fds, 1, 200) <= 0 { continue }
            let count = chunk.withUnsafeMutableBytes { Glibc.read(read.raw, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            output += chunk[0..<count]
        }
        read.close()
        _ = kill(child.pid, SIGKILL)
        _ = child.wait()
        return output
    }
}
