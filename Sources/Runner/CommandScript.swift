/// The shell script generated for one buildspec command.
///
/// Version 0.2 (CodeBuild's "one shell per command, state carried forward"): the script loads
/// the variables left by the previous command with `set -a` on, so plain `X=1` assignments are
/// exported and survive; runs the command verbatim; then saves every exported variable
/// (`export -p`) and the working directory, also when the command calls `exit`. Arrays,
/// functions and `set` options do not survive, as on CodeBuild. The runner starts the next
/// command in the saved directory.
///
/// Version 0.1: the command runs alone in a fresh shell with the initial environment.
enum CommandScript {
    static func stateful(command: String, stateDirectory: String, overrides: [(String, String)]) -> String {
        let environmentFile = shellQuoted(stateDirectory + "/env.sh")
        let directoryFile = shellQuoted(stateDirectory + "/cwd")
        var script = """
        __slipway_save() {
        trap - EXIT
        export -p > \(environmentFile)
        pwd > \(directoryFile)
        exit "$1"
        }
        trap '__slipway_save $?' EXIT
        set -a
        . \(environmentFile)

        """
        for (name, value) in overrides { script += "\(name)=\(shellQuoted(value))\n" }
        script += command
        script += "\n__slipway_save $?\n"
        return script
    }

    static func standalone(command: String, overrides: [(String, String)]) -> String {
        var script = ""
        for (name, value) in overrides { script += "export \(name)=\(shellQuoted(value))\n" }
        return script + command + "\n"
    }

    /// The initial variables file: `export NAME='value'` lines, read by the first command.
    static func environmentFile(_ environment: [String: String]) -> String {
        environment.keys.sorted().compactMap { name in
            guard isExportableName(name), let value = environment[name] else { return nil }
            return "export \(name)=\(shellQuoted(value))\n"
        }.joined()
    }

    /// Variable names a shell can export (the environment may hold others, e.g. bash functions).
    static func isExportableName(_ name: String) -> Bool {
        func isLetter(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
        }
        guard let first = name.unicodeScalars.first, isLetter(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) }
    }
}
