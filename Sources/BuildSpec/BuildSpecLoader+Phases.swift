import YAMLSchema

extension BuildSpecLoader {
    static let phaseKeys = ["run-as", "on-failure", "runtime-versions", "commands", "finally"]

    static func readPhases(_ document: MappingReader, log: DiagnosticLog) -> [Phase] {
        guard document.value("phases") != nil else {
            if let batch = document.keyLocation("batch") {
                // A batch parent (CodeBuild runs the listed buildspecs, not this one's phases).
                log.warning("this buildspec only defines a batch and has no phases: Slipway runs nothing for it", at: batch)
            } else {
                log.error("missing required key 'phases'; add a 'phases:' section with at least a 'build:' phase and its 'commands:'",
                          at: document.location)
            }
            return []
        }
        guard let phases = document.mapping("phases") else {
            if let location = document.keyLocation("phases") {
                log.error("'phases' is empty; add at least a 'build:' phase with 'commands:'", at: location)
            }
            return []
        }
        let names = PhaseName.allCases.map(\.rawValue)
        phases.rejectUnknownKeys(known: names, hint: "(phases run in the order install, pre_build, build, post_build)")
        var result: [Phase] = []
        for name in PhaseName.allCases {
            guard let value = phases.value(name.rawValue) else { continue }
            if let phase = readPhase(name, value: value, in: phases, log: log) { result.append(phase) }
        }
        return result
    }

    private static func readPhase(_ name: PhaseName, value: YAMLValue, in phases: MappingReader,
                                  log: DiagnosticLog) -> Phase? {
        let label = "phases.\(name.rawValue)"
        if value.isNull {
            if name != .install {
                log.error("'\(label)' is empty; give it a 'commands:' list or remove the phase",
                          at: phases.keyLocation(name.rawValue) ?? value.location)
            }
            return name == .install ? Phase(name: name, commands: []) : nil
        }
        guard let reader = MappingReader(value, path: label, log: log) else { return nil }
        reader.rejectUnknownKeys(known: phaseKeys)
        var phase = Phase(name: name, commands: commands(reader, "commands", log: log),
                          finally: commands(reader, "finally", log: log))
        if reader.value("commands") == nil && name != .install {
            // The reference calls commands required, but CodeBuild runs a phase with only
            // `finally` (aws/sagemaker-python-sdk's buildspec has `post_build: {finally: [...]}`).
            if reader.value("finally") != nil {
                log.warning("'\(label)' has only 'finally:' and no 'commands:'; it runs its finally commands, as CodeBuild does",
                            at: reader.location)
            } else {
                log.error("'\(label)' has no 'commands:' list; CodeBuild requires commands in \(name.rawValue)", at: reader.location)
            }
        }
        phase.onFailure = onFailure(reader, log: log)
        if let location = reader.keyLocation("run-as") {
            log.warning("\(label).run-as is not supported: every phase runs as the build's user (the top-level run-as, in container mode)", at: location)
        }
        if reader.value("runtime-versions") != nil {
            if name != .install, let location = reader.keyLocation("runtime-versions") {
                log.error("'runtime-versions' belongs under phases.install, not \(label)", at: location)
            } else if let runtimes = reader.textMap("runtime-versions") {
                phase.runtimeVersions = runtimes.map { Variable(name: $0.name, value: $0.value) }
                let listed = runtimes.map { "\($0.name) \($0.value)" }.joined(separator: ", ")
                log.warning("runtime-versions (\(listed)) are not installed by Slipway; the build uses the tools on the build host",
                            at: reader.keyLocation("runtime-versions") ?? reader.location)
            }
        }
        return phase
    }

    private static func commands(_ reader: MappingReader, _ key: String, log: DiagnosticLog) -> [BuildCommand] {
        guard let value = reader.value(key), !value.isNull else { return [] }
        let label = reader.name(of: key)
        guard let items = value.items else {
            if let text = value.scalarText {
                log.error("'\(label)' must be a list; write the command as '- \(text)'", at: value.location)
            } else {
                log.error("'\(label)' must be a list of commands, found \(value.kindDescription)", at: value.location)
            }
            return []
        }
        var result: [BuildCommand] = []
        for item in items {
            if let text = item.scalarText, !item.isNull {
                result.append(BuildCommand(text: text, line: item.location.line))
                if item.isPlain && (text.filter { $0 == "\"" }.count % 2 == 1 || text.filter { $0 == "'" }.count % 2 == 1) {
                    log.warning("this command has an unbalanced quote; YAML ends an unquoted value at ' #' and reads the rest of the line as a comment, so put the whole command in quotes",
                                at: item.location)
                }
            } else if item.isNull {
                log.error("empty command in '\(label)'; remove the lone '-'", at: item.location)
            } else if item.items != nil {
                log.error("a command in '\(label)' is a nested list, not a string; remove the extra '-' before it",
                          at: item.location)
            } else {
                log.error("a command in '\(label)' was read as a mapping because it contains ': '; put the whole command in quotes",
                          at: item.location)
            }
        }
        return result
    }

    private static func onFailure(_ reader: MappingReader, log: DiagnosticLog) -> OnFailure? {
        guard let (text, location) = reader.text("on-failure") else { return nil }
        let upper = text.uppercased()
        if let rule = OnFailure(rawValue: upper) { return rule }
        if upper.hasPrefix("RETRY") {
            log.warning("on-failure \(text) is not supported: the phase runs once and a failure aborts the build", at: location)
            return .abort
        }
        log.error("'\(reader.name(of: "on-failure"))' must be ABORT or CONTINUE, found '\(text)'", at: location)
        return nil
    }
}
