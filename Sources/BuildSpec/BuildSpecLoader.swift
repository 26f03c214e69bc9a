import YAMLSchema

/// The outcome of reading a buildspec: the spec when it has no errors, and every diagnostic.
package struct BuildSpecLoadResult: Sendable {
    /// The buildspec, or nil when there is at least one error.
    package let spec: BuildSpec?
    /// Errors and warnings in file order.
    package let diagnostics: [Diagnostic]

    /// The errors only.
    package var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    /// The warnings only.
    package var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// Reads buildspec YAML with CodeBuild's rules (version 0.1 and 0.2).
///
/// Every problem is reported with its line and column, not only the first one. Keys that
/// CodeBuild accepts but Slipway does not act on (artifacts, reports, cache, batch, ...) become
/// warnings; they never stop a build.
package enum BuildSpecLoader {
    /// Reads a buildspec from raw file bytes, which must be UTF-8.
    package static func load(bytes: [UInt8], file: String) -> BuildSpecLoadResult {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = firstInvalidUTF8Offset(bytes)
            let location = locationOfByte(offset, in: bytes)
            let diagnostic = Diagnostic(.error, file: file, line: location.line, column: location.column,
                                        message: "the buildspec is not UTF-8 text (invalid byte at offset \(offset)); save it as UTF-8")
            return BuildSpecLoadResult(spec: nil, diagnostics: [diagnostic])
        }
        return load(text, file: file)
    }

    /// Reads a buildspec from text.
    package static func load(_ text: String, file: String) -> BuildSpecLoadResult {
        let log = DiagnosticLog(file: file)
        guard let root = YAMLDocument.parse(text, log: log) else {
            if !log.hasErrors {
                log.error("the buildspec is empty; it needs at least 'version: 0.2' and 'phases'", at: .start)
            }
            return BuildSpecLoadResult(spec: nil, diagnostics: log.items)
        }
        guard let document = MappingReader(root, path: "", log: log) else {
            return BuildSpecLoadResult(spec: nil, diagnostics: log.items)
        }
        let spec = readDocument(document, log: log)
        let ordered = log.items.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        return BuildSpecLoadResult(spec: log.hasErrors ? nil : spec, diagnostics: ordered)
    }

    static let topLevelKeys = ["version", "run-as", "env", "proxy", "batch", "phases", "reports", "artifacts", "cache"]

    private static func readDocument(_ document: MappingReader, log: DiagnosticLog) -> BuildSpec {
        let version = readVersion(document, log: log)
        var known = topLevelKeys
        if version == .v0_1 { known.append("environment_variables") }
        document.rejectUnknownKeys(known: known)

        var environment = BuildEnvironment()
        if version == .v0_1 {
            environment = readVersion01Environment(document, log: log)
            if let env = document.keyLocation("env") {
                log.error("'env' is a version 0.2 key; in version 0.1 use 'environment_variables: plaintext:', or set 'version: 0.2'",
                          at: env)
            }
        } else if let env = document.mapping("env") {
            environment = readEnvironment(env, log: log)
        }
        UnsupportedKeys.report(document, log: log)
        let phases = readPhases(document, log: log)
        let artifacts = readArtifacts(document, log: log)
        var spec = BuildSpec(version: version, environment: environment, phases: phases, warnings: log.warnings)
        spec.artifacts = artifacts
        spec.reports = readReports(document, log: log)
        spec.cache = readCache(document, log: log)
        if let (user, location) = document.text("run-as") {
            spec.runAs = user
            spec.runAsLine = location.line
        }
        return spec
    }

    private static func readVersion(_ document: MappingReader, log: DiagnosticLog) -> BuildSpecVersion {
        guard let (text, location) = document.text("version") else {
            if document.value("version") == nil {
                log.error("missing required key 'version'; add 'version: 0.2' as the first line of the buildspec",
                          at: document.location)
            } else if let location = document.keyLocation("version") {
                log.error("'version' has no value; write 'version: 0.2'", at: location)
            }
            return .v0_2
        }
        guard let version = BuildSpecVersion(rawValue: text) else {
            log.error("unsupported buildspec version '\(text)'; CodeBuild accepts 0.1 and 0.2 (use 0.2)", at: location)
            return .v0_2
        }
        return version
    }

    private static func readVersion01Environment(_ document: MappingReader, log: DiagnosticLog) -> BuildEnvironment {
        guard let section = document.mapping("environment_variables") else { return BuildEnvironment() }
        section.rejectUnknownKeys(known: ["plaintext"])
        let variables = section.textMap("plaintext") ?? []
        return BuildEnvironment(variables: validatedVariables(variables, section: "environment_variables.plaintext", log: log))
    }
}

/// The byte offset of the first byte that breaks UTF-8 decoding.
func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
    var index = 0
    while index < bytes.count {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0x00..<0x80: length = 1
        case 0xC2..<0xE0: length = 2
        case 0xE0..<0xF0: length = 3
        case 0xF0..<0xF5: length = 4
        default: return index
        }
        guard index + length <= bytes.count,
              String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil else { return index }
        index += length
    }
    return bytes.count
}

func locationOfByte(_ offset: Int, in bytes: [UInt8]) -> SourceLocation {
    var line = 1
    var column = 1
    for byte in bytes.prefix(offset) {
        if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
    }
    return SourceLocation(line: line, column: column)
}
