import Intake
import Platform
import SlipwayModel
import YAMLSchema

/// slipway.yml could not be used; every problem is listed with file, line and column.
package struct SettingsError: Error, CustomStringConvertible {
    package let diagnostics: [Diagnostic]

    package var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

/// Reads slipway.yml. Unknown keys and values of the wrong type are errors that name the line
/// and suggest the fix: a server's configuration should never be half-understood.
package enum SettingsLoader {
    static let topLevelKeys = ["branches", "tags", "default-branch", "buildspec", "timeout", "paths", "report-template",
                               "environment", "queue", "build", "secrets", "docker", "images", "changelog", "notify", "logs",
                               "artifacts"]

    /// Loads `<gitDirectory>/slipway.yml`, or the defaults when the file does not exist, and
    /// refreshes the snapshot of the intake rules the post-receive hook reads.
    package static func load(gitDirectory: String) throws -> SlipwaySettings {
        let file = gitDirectory + "/slipway.yml"
        // Taken before reading: an edit after this point leaves the snapshot stale, never wrong.
        let fingerprint = IntakeSnapshot.fingerprint(gitDirectory: gitDirectory)
        var settings = SlipwaySettings(gitDirectory: gitDirectory)
        if fileExists(file) {
            let bytes = try readWholeFile(file)
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw SettingsError(diagnostics: [Diagnostic(.error, file: file, line: 1, column: 1,
                                                             message: "slipway.yml is not UTF-8 text; save it as UTF-8")])
            }
            settings = try parse(text, file: file, gitDirectory: gitDirectory)
        }
        // Best effort: a user who cannot write the state directory still gets the settings.
        try? IntakeSnapshot.save(settings.intakeRules, fingerprint: fingerprint)
        return settings
    }

    /// For commands that only read what earlier runs left (history, show, logs, queue): the
    /// settings, or, when slipway.yml has errors, the defaults with the paths of the last
    /// slipway.yml that loaded, and a warning that names the problems. A broken file must not
    /// hide the history that would help fix it.
    package static func loadForReading(gitDirectory: String) throws -> (settings: SlipwaySettings, warning: String?) {
        do {
            return (try load(gitDirectory: gitDirectory), nil)
        } catch let error as SettingsError {
            var settings = SlipwaySettings(gitDirectory: gitDirectory)
            var source = "the default paths"
            if let last = IntakeSnapshot.load(gitDirectory: gitDirectory, evenIfStale: true) {
                settings.paths = last.paths
                settings.secrets.localStore = last.paths.state + "/secrets"
                source = "the paths of the last slipway.yml that loaded"
            }
            let warning = "warning: \(gitDirectory)/slipway.yml has errors, so this command uses \(source) and nothing else "
                + "of it; pushes do not build until it is fixed:\n" + error.description
            return (settings, warning)
        }
    }

    /// Parses settings text; `file` names it in diagnostics.
    package static func parse(_ text: String, file: String, gitDirectory: String) throws -> SlipwaySettings {
        let log = DiagnosticLog(file: file)
        var settings = SlipwaySettings(gitDirectory: gitDirectory)
        settings.configFile = file
        if let root = YAMLDocument.parse(text, log: log), !root.isNull,
           let document = MappingReader(root, path: "", log: log) {
            read(document, into: &settings, log: log)
        }
        if log.hasErrors { throw SettingsError(diagnostics: log.errors) }
        return settings
    }

    private static func read(_ document: MappingReader, into settings: inout SlipwaySettings, log: DiagnosticLog) {
        document.rejectUnknownKeys(known: topLevelKeys)
        if let branches = document.textList("branches", acceptsScalar: true, names: true) {
            settings.branchPatterns = branches.map(\.value)
        }
        if let tags = document.textList("tags", acceptsScalar: true, names: true) {
            settings.tagPatterns = tags.map(\.value)
        }
        if let (branch, _) = document.text("default-branch") { settings.defaultBranch = branch }
        if let (path, location) = document.text("buildspec") {
            if path.hasPrefix("/") || path.split(separator: "/").contains("..") {
                log.error("'buildspec' must be a path inside the repository, such as buildspec.yml or ci/buildspec.yml",
                          at: location)
            } else {
                // `./buildspec.yml` and `ci//buildspec.yml` name files of the commit's tree, as git spells them.
                let normalized = path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
                if normalized.isEmpty {
                    log.error("'buildspec' must name a file, such as buildspec.yml or ci/buildspec.yml, found '\(path)'", at: location)
                } else {
                    settings.buildspecPath = normalized
                }
            }
        }
        if let (text, location) = document.text("timeout") {
            if let seconds = parseDuration(text), seconds > 0, seconds <= maximumTimeoutSeconds {
                settings.timeoutSeconds = seconds
            } else if let seconds = parseDuration(text), seconds > maximumTimeoutSeconds {
                log.error("'timeout' must be at most 36h (2160 minutes, CodeBuild's own limit), found '\(text)'", at: location)
            } else {
                log.error("'timeout' must be minutes (60) or a duration such as 90s, 45m or 2h, found '\(text)'", at: location)
            }
        }
        if let paths = document.mapping("paths") {
            readPaths(paths, into: &settings, log: log)
        }
        if let (template, _) = document.text("report-template") {
            settings.reportTemplate = absolutePath(template, relativeTo: settings.gitDirectory)
        }
        if let variables = document.textMap("environment") {
            settings.environment = variables.map { ($0.name, $0.value) }
        }
        if let queue = document.mapping("queue") { readQueue(queue, into: &settings.queue, log: log) }
        if let build = document.mapping("build") { readBuild(build, into: &settings.build, log: log) }
        if let secrets = document.mapping("secrets") { readSecrets(secrets, into: &settings, log: log) }
        if let artifacts = document.mapping("artifacts") {
            artifacts.rejectUnknownKeys(known: ["s3-bucket", "s3-endpoint"])
            settings.artifactBucket = artifacts.text("s3-bucket")?.value
            if let (endpoint, location) = artifacts.text("s3-endpoint") {
                if endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://") {
                    settings.artifactEndpoint = endpoint
                } else {
                    log.error("'artifacts.s3-endpoint' must be a URL such as https://s3.example.com, found '\(endpoint)'", at: location)
                }
            }
        }
        if let docker = document.mapping("docker") { readDocker(docker, into: &settings.images, log: log) }
        if let images = document.value("images"), !images.isNull {
            readImages(images, into: &settings.images, log: log)
        }
        if let changelog = document.mapping("changelog") {
            readChangelog(changelog, into: &settings, log: log)
        }
        if let notify = document.mapping("notify") { readNotify(notify, into: &settings.changelog, gitDirectory: settings.gitDirectory, log: log) }
        if let logs = document.mapping("logs") { readLogs(logs, into: &settings, log: log) }
    }

    private static func readPaths(_ paths: MappingReader, into settings: inout SlipwaySettings, log: DiagnosticLog) {
        paths.rejectUnknownKeys(known: ["state", "work", "reports", "logs"])
        func resolved(_ key: String) -> String? {
            guard let (text, location) = paths.text(key) else { return nil }
            let path = absolutePath(text, relativeTo: settings.gitDirectory)
            if let reason = systemPathReason(path) {
                log.error("'paths.\(key)' is \(path), \(reason): Slipway writes its own files there. Give it a directory of its own "
                          + "(the default is inside the repository's slipway/ directory)", at: location)
                return nil
            }
            return path
        }
        let state = resolved("state") ?? settings.paths.state
        settings.paths = StatePaths(state: state, work: resolved("work"), reports: resolved("reports"), logs: resolved("logs"))
        settings.secrets.localStore = state + "/secrets"
    }

    private static func readQueue(_ queue: MappingReader, into settings: inout QueueSettings, log: DiagnosticLog) {
        queue.rejectUnknownKeys(known: ["mode", "cancel-running", "concurrency", "wait", "requeue-interrupted", "keep-runs",
                                        "branches"])
        settings.defaultPolicy = readPolicy(queue, base: settings.defaultPolicy, log: log)
        if let concurrency = queue.integer("concurrency", in: 1...64) { settings.concurrency = concurrency }
        if let wait = queue.bool("wait") { settings.wait = wait }
        if let requeue = queue.integer("requeue-interrupted", in: 0...10) { settings.requeueInterrupted = requeue }
        if let keep = queue.integer("keep-runs", in: 1...100_000) { settings.keepRuns = keep }
        if let branches = queue.mapping("branches") {
            for entry in branches.allEntries {
                guard let override = MappingReader(entry.value, path: branches.name(of: entry.key), log: log) else { continue }
                override.rejectUnknownKeys(known: ["mode", "cancel-running"])
                settings.overrides.append(BranchPolicy(pattern: entry.key, policy: readPolicy(override, base: settings.defaultPolicy, log: log)))
            }
        }
    }

    private static func readPolicy(_ section: MappingReader, base: QueuePolicy, log: DiagnosticLog) -> QueuePolicy {
        var policy = base
        if let (mode, location) = section.text("mode") {
            if let parsed = QueueMode(rawValue: mode) {
                policy.mode = parsed
            } else {
                let choices = QueueMode.allCases.map(\.rawValue).joined(separator: ", ")
                log.error("'\(section.name(of: "mode"))' must be one of \(choices), found '\(mode)'", at: location)
            }
        }
        if let cancel = section.bool("cancel-running") { policy.cancelRunning = cancel }
        return policy
    }

    /// Why `path` is no place for Slipway's state, or nil when it is fine.
    static func systemPathReason(_ path: String) -> String? {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        if trimmed == "/" { return "the root directory" }
        let system = ["/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/boot", "/dev", "/proc", "/sys", "/run",
                      "/var", "/opt", "/root", "/home", "/srv", "/tmp", "/var/lib", "/var/tmp", "/mnt", "/media"]
        if system.contains(trimmed) { return "a system directory" }
        for root in ["/etc", "/usr", "/boot", "/dev", "/proc", "/sys", "/bin", "/sbin", "/lib"] where trimmed.hasPrefix(root + "/") {
            return "inside \(root)"
        }
        return nil
    }

    /// The longest build timeout: CodeBuild's 2160 minutes.
    static let maximumTimeoutSeconds = 2160 * 60

    /// Seconds from "90" (minutes), "90s", "45m", "2h" or "1h30m"; nil for anything else,
    /// and `Int.max` for a value too large to count (the caller's range check reports it).
    package static func parseDuration(_ text: String) -> Int? {
        func add(_ total: Int, _ value: Int, times unit: Int) -> Int {
            let (product, overflow) = value.multipliedReportingOverflow(by: unit)
            let (sum, overflowAgain) = total.addingReportingOverflow(product)
            return overflow || overflowAgain ? Int.max : sum
        }
        if text.allSatisfy(\.isNumber), !text.isEmpty { return Int(text).map { add(0, $0, times: 60) } ?? Int.max }
        var total = 0
        var number = ""
        for character in text {
            if character.isNumber {
                number.append(character)
                continue
            }
            guard !number.isEmpty else { return nil }
            let value = Int(number) ?? Int.max
            switch character {
            case "s": total = add(total, value, times: 1)
            case "m": total = add(total, value, times: 60)
            case "h": total = add(total, value, times: 3600)
            default: return nil
            }
            number = ""
        }
        return number.isEmpty && !text.isEmpty ? total : nil
    }
}
