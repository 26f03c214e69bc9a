import YAMLSchema

/// Sections CodeBuild acts on that Slipway does not: reported as warnings instead of crashing (peers.md: users asked the local agent for exactly this).
enum UnsupportedKeys {
    static func report(_ document: MappingReader, log: DiagnosticLog) {
        if let location = document.keyLocation("proxy") {
            log.warning("proxy settings are ignored", at: location)
        }
        if let location = document.keyLocation("batch") {
            log.warning("batch builds are not run: Slipway runs this buildspec's phases as one build", at: location)
        }
    }
}
