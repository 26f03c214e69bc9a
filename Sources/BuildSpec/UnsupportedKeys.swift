import YAMLSchema

/// Sections CodeBuild acts on that Slipway reads, checks for CodeBuild's required keys, and
/// reports as warnings instead of crashing (peers.md: users asked the local agent for exactly this).
enum UnsupportedKeys {
    static func report(_ document: MappingReader, log: DiagnosticLog) {
        if let location = document.keyLocation("proxy") {
            log.warning("proxy settings are ignored", at: location)
        }
        if let location = document.keyLocation("batch") {
            log.warning("batch builds are not run: Slipway runs this buildspec's phases as one build", at: location)
        }
        if let cache = document.value("cache") {
            warnAndRequire(cache, key: "cache", required: "paths", document: document, log: log,
                           warning: "cache is not used: every build starts from a fresh checkout")
        }
        if let reports = document.mapping("reports") {
            if let location = document.keyLocation("reports") {
                log.warning("reports are not uploaded: test report files stay in the run's work directory", at: location)
            }
            for entry in reports.allEntries {
                guard let group = MappingReader(entry.value, path: "reports.\(entry.key)", log: log) else { continue }
                if group.value("files") == nil {
                    log.error("report group '\(entry.key)' has no 'files:' list; CodeBuild requires one", at: entry.keyLocation)
                }
            }
        }
    }

    private static func warnAndRequire(_ value: YAMLValue, key: String, required: String, document: MappingReader,
                                       log: DiagnosticLog, warning: String) {
        let location = document.keyLocation(key) ?? value.location
        log.warning(warning, at: location)
        guard let section = MappingReader(value, path: key, log: log) else { return }
        if section.value(required) == nil {
            log.error("'\(key)' has no '\(required):'; CodeBuild requires it whenever '\(key)' is present", at: location)
        }
    }
}
