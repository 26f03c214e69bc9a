import YAMLSchema

extension BuildSpecLoader {
    static let artifactKeys = ["files", "name", "base-directory", "discard-paths", "exclude-paths", "enable-symlinks", "s3-prefix"]

    /// `artifacts` and its `secondary-artifacts`, primary first; CodeBuild requires `files`
    /// whenever `artifacts` is present, even when only secondary artifacts are used.
    static func readArtifacts(_ document: MappingReader, log: DiagnosticLog) -> [ArtifactSpec] {
        guard let section = document.mapping("artifacts") else { return [] }
        section.rejectUnknownKeys(known: artifactKeys + ["secondary-artifacts"])
        var artifacts: [ArtifactSpec] = []
        if let primary = readArtifact(section, identifier: nil, log: log) {
            artifacts.append(primary)
        } else if section.value("files") == nil {
            log.error("'artifacts' has no 'files:'; CodeBuild requires it whenever 'artifacts' is present", at: section.location)
        }
        if let secondary = section.mapping("secondary-artifacts") {
            for entry in secondary.allEntries {
                guard let reader = MappingReader(entry.value, path: secondary.name(of: entry.key), log: log) else { continue }
                reader.rejectUnknownKeys(known: artifactKeys)
                if let artifact = readArtifact(reader, identifier: entry.key, log: log) {
                    artifacts.append(artifact)
                } else if reader.value("files") == nil {
                    log.error("'\(secondary.name(of: entry.key))' has no 'files:'; CodeBuild requires one", at: entry.keyLocation)
                }
            }
        }
        return artifacts
    }

    private static func readArtifact(_ reader: MappingReader, identifier: String?, log: DiagnosticLog) -> ArtifactSpec? {
        guard let files = reader.textList("files", acceptsScalar: true), reader.value("files") != nil else { return nil }
        if let value = reader.value("files"), value.items == nil, let text = value.scalarText {
            log.warning("\(reader.name(of: "files")) should be a list; write it as '- \(text)'", at: value.location)
        }
        var artifact = ArtifactSpec(identifier: identifier, files: files.map(\.value), line: reader.location.line)
        artifact.name = reader.text("name")?.value
        artifact.baseDirectory = reader.text("base-directory")?.value
        artifact.discardPaths = reader.bool("discard-paths") ?? false
        artifact.enableSymlinks = reader.bool("enable-symlinks") ?? false
        artifact.excludePaths = reader.textList("exclude-paths", acceptsScalar: true)?.map(\.value) ?? []
        if let location = reader.keyLocation("s3-prefix") {
            log.warning("'\(reader.name(of: "s3-prefix"))' is ignored: Slipway names the S3 key itself (artifacts.s3-bucket in slipway.yml)", at: location)
        }
        return artifact
    }
}
