import ArgumentParser
import History
import Intake
import Platform
import Settings

/// `--repo DIR`, shared by every command that works on a repository.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .long, help: "The repository's git directory (default: $GIT_DIR, else the current directory).")
    var repo: String?

    func gitDirectory() throws -> String {
        try RepositoryLocator.gitDirectory(explicit: repo)
    }

    func settings() throws -> SlipwaySettings {
        try SettingsLoader.load(gitDirectory: try gitDirectory())
    }

    /// Settings for a command that only reads history: a broken slipway.yml is a warning on
    /// stderr, not an error (`SettingsLoader.loadForReading`).
    func settingsForReading() throws -> SlipwaySettings {
        let (settings, warning) = try SettingsLoader.loadForReading(gitDirectory: try gitDirectory())
        if let warning { printError("slipway: " + warning) }
        return settings
    }

    func store(_ settings: SlipwaySettings) throws -> HistoryStore {
        try HistoryStore.open(settings.paths.database)
    }
}

/// Prints a line to standard output at once (unbuffered, so hook output and live logs
/// reach the pusher or the terminal in order).
func say(_ line: String) {
    writeOut(line + "\n")
}

/// Writes text to standard output, unbuffered.
func writeOut(_ text: String) {
    var copy = text
    copy.withUTF8 { bytes in writeOut(UnsafeRawBufferPointer(bytes)) }
}

/// Writes bytes to standard output, unbuffered.
func writeOut(_ bytes: UnsafeRawBufferPointer) {
    let out = FileDescriptor(raw: 1)
    try? out.writeAll(bytes)
    out.release()
}

/// The lean hook executable installed next to `slipway`, or `slipway` itself.
func hookExecutable() -> String {
    let own = currentExecutablePath()
    let lean = parentDirectory(own) + "/slipway-hook"
    return fileExists(lean) ? lean : own
}

/// Who runs this command, for CODEBUILD_INITIATOR.
func currentUser(_ prefix: String) -> String {
    "\(prefix)/\(currentUserName())"
}
