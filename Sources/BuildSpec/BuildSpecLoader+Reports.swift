import YAMLSchema

extension BuildSpecLoader {
    static let reportKeys = ["files", "base-directory", "discard-paths", "file-format"]
    static let cacheKeys = ["paths", "key", "fallback-keys", "action"]

    /// `reports`: each group needs `files`; `file-format` must be one CodeBuild knows.
    static func readReports(_ document: MappingReader, log: DiagnosticLog) -> [ReportGroupSpec] {
        guard let section = document.mapping("reports") else { return [] }
        var groups: [ReportGroupSpec] = []
        for entry in section.allEntries {
            guard let reader = MappingReader(entry.value, path: section.name(of: entry.key), log: log) else { continue }
            reader.rejectUnknownKeys(known: reportKeys)
            guard let files = reader.textList("files", acceptsScalar: true), reader.value("files") != nil else {
                log.error("report group '\(entry.key)' has no 'files:' list; CodeBuild requires one", at: entry.keyLocation)
                continue
            }
            var group = ReportGroupSpec(name: entry.key, files: files.map(\.value), line: entry.keyLocation.line)
            group.baseDirectory = reader.text("base-directory")?.value
            group.discardPaths = reader.bool("discard-paths") ?? false
            if let (text, location) = reader.text("file-format") {
                if let format = TestReportFormat(rawValue: text.uppercased()) {
                    group.format = format
                } else {
                    let known = TestReportFormat.allCases.map(\.rawValue)
                    let hint = closestMatch(to: text, among: known).map { "did you mean \($0)? " } ?? ""
                    log.error("unknown file-format '\(text)'; \(hint)CodeBuild knows \(known.joined(separator: ", "))", at: location)
                }
            }
            groups.append(group)
        }
        return groups
    }

    /// `cache`: `paths` is required; `action` is `restore` or `save`; at most five fallback keys.
    static func readCache(_ document: MappingReader, log: DiagnosticLog) -> CacheSpec? {
        guard let section = document.mapping("cache") else {
            if let value = document.value("cache"), value.scalarText != nil {
                log.error("'cache' must be a mapping with 'paths:'", at: value.location)
            }
            return nil
        }
        section.rejectUnknownKeys(known: cacheKeys)
        log.warning("cache is not used yet: every build starts from a fresh checkout", at: document.keyLocation("cache") ?? section.location)
        guard let paths = section.textList("paths", acceptsScalar: true), section.value("paths") != nil else {
            log.error("'cache' has no 'paths:'; CodeBuild requires it whenever 'cache' is present", at: section.location)
            return nil
        }
        var cache = CacheSpec(paths: paths.map(\.value), line: section.location.line)
        cache.key = section.text("key")?.value
        if let fallbacks = section.textList("fallback-keys", acceptsScalar: true) {
            if fallbacks.count > 5, let location = section.keyLocation("fallback-keys") {
                log.error("'cache.fallback-keys' has \(fallbacks.count) keys; CodeBuild allows at most 5", at: location)
            }
            cache.fallbackKeys = fallbacks.map(\.value)
        }
        if let (text, location) = section.text("action") {
            if let action = CacheAction(rawValue: text.lowercased()) {
                cache.action = action
            } else {
                log.error("unknown cache action '\(text)'; write 'restore' or 'save', or leave it out to do both", at: location)
            }
        }
        return cache
    }
}
