import YAMLSchema

extension SettingsLoader {
    static func readBuild(_ build: MappingReader, into settings: inout BuildSettings, log: DiagnosticLog) {
        build.rejectUnknownKeys(known: ["isolation", "network", "privileged", "image", "branches"])
        settings.defaultPolicy = readBuildPolicy(build, base: settings.defaultPolicy, log: log)
        if let branches = build.mapping("branches") {
            for entry in branches.allEntries {
                guard let override = MappingReader(entry.value, path: branches.name(of: entry.key), log: log) else { continue }
                override.rejectUnknownKeys(known: ["isolation", "network", "privileged", "image"])
                settings.overrides.append((entry.key, readBuildPolicy(override, base: settings.defaultPolicy, log: log)))
            }
        }
    }

    private static func readBuildPolicy(_ section: MappingReader, base: BuildPolicy, log: DiagnosticLog) -> BuildPolicy {
        var policy = base
        if let (image, _) = section.text("image") {
            policy.image = image
            policy.isolation = .container
        }
        if let (mode, location) = section.text("isolation") {
            if let parsed = IsolationMode(rawValue: mode) {
                policy.isolation = parsed
                if parsed != .container && section.text("image") != nil {
                    log.error("'\(section.name(of: "image"))' runs builds in a container, but '\(section.name(of: "isolation"))' says \(mode); remove one of them", at: location)
                }
            } else {
                let choices = IsolationMode.allCases.map(\.rawValue).joined(separator: ", ")
                log.error("'\(section.name(of: "isolation"))' must be one of \(choices), found '\(mode)'", at: location)
            }
        }
        if policy.isolation == .container && policy.image == nil, let (_, location) = section.text("isolation") {
            log.error("'\(section.name(of: "isolation"))' is container, but no image is set: add '\(section.name(of: "image"))' "
                      + "(the image builds run in, as CodeBuild's environment image)", at: location)
        }
        if let network = section.bool("network") { policy.network = network }
        if let privileged = section.bool("privileged") { policy.privileged = privileged }
        return policy
    }
}
