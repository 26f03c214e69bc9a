import Platform
import YAMLSchema
#if canImport(Glibc)
import Glibc
#endif

/// The server's own configuration, shared by every repository it hosts: `/etc/slipway/server.yml`,
/// or the file `SLIPWAY_SERVER_CONFIG` names. A missing file means the defaults.
///
/// ```yaml
/// max-builds: 2             # builds at once across every repository (default: the CPU cores)
/// slots: /var/lib/slipway/slots   # where the build slots' lock files live
/// ```
package struct ServerSettings: Sendable, Equatable {
    /// Builds that may run at once across every repository and worker.
    package var maxBuilds: Int
    /// The directory of the slot lock files (one per slot, locked while a build runs).
    package var slotsDirectory: String
    /// The file these came from (nil: defaults).
    package var file: String?

    package init(maxBuilds: Int = ServerSettings.processorCount, slotsDirectory: String = "/var/lib/slipway/slots") {
        self.maxBuilds = maxBuilds
        self.slotsDirectory = slotsDirectory
    }

    /// The server configuration file's path.
    package static func path(environment: [String: String]) -> String {
        environment["SLIPWAY_SERVER_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? "/etc/slipway/server.yml"
    }

    /// The CPU cores this process may use.
    package static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// Reads the server configuration; errors name the file and line.
    package static func load(environment: [String: String] = ProcessEnvironment.current()) throws -> ServerSettings {
        let file = path(environment: environment)
        var settings = ServerSettings()
        guard fileExists(file) else { return settings }
        settings.file = file
        let log = DiagnosticLog(file: file)
        let text = String(decoding: try readWholeFile(file), as: UTF8.self)
        if let root = YAMLDocument.parse(text, log: log), !root.isNull, let document = MappingReader(root, path: "", log: log) {
            document.rejectUnknownKeys(known: ["max-builds", "slots"])
            if let count = document.integer("max-builds", in: 1...4096) { settings.maxBuilds = count }
            if let (slots, _) = document.text("slots") {
                settings.slotsDirectory = slots.hasPrefix("/") ? slots : parentDirectory(file) + "/" + slots
            }
        }
        if log.hasErrors { throw SettingsError(diagnostics: log.errors) }
        return settings
    }
}
