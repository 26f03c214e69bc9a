import BuildSpec
import Pipeline
import Platform
import Runner
import SlipwayModel

/// UPLOAD_ARTIFACTS on this server: each artifact of the buildspec becomes one zip under
/// `<state>/artifacts/<run>/`, recorded with its size and SHA-256; `slipway artifacts` hands
/// them out and `queue.keep-runs` prunes them with their run.
package struct ArtifactPacker: ArtifactPublishing {
    /// The state directory; artifacts live in its `artifacts/`.
    let stateDirectory: String
    /// The S3 upload (`artifacts.s3-bucket`), when configured.
    let upload: S3Destination?

    package init(stateDirectory: String, upload: S3Destination? = nil) {
        self.stateDirectory = stateDirectory
        self.upload = upload
    }

    /// Where a run's artifacts are kept.
    package static func directory(stateDirectory: String, run: Int64) -> String {
        stateDirectory + "/artifacts/\(run)"
    }

    package func publish(run: ClaimedRun, artifacts: [ArtifactSpec], sourceDirectory: String,
                         expand: @escaping (String) -> String?, log: OutputSink) -> ArtifactResult {
        let container = ContainerLog(sink: log)
        var result = ArtifactResult()
        let directory = Self.directory(stateDirectory: stateDirectory, run: run.id)
        // Credentials and the region are resolved once, for the first upload.
        var uploader: S3Uploader?
        var names = Set<String>()
        for spec in artifacts {
            let name = artifactName(spec, expand: expand, warnings: &result.warnings)
            guard names.insert(name).inserted else {
                result.failure = "CLIENT_ERROR: two artifacts are named \(name); give each its own name"
                break
            }
            do {
                let (files, warnings) = try ArtifactCollector(sourceDirectory: sourceDirectory, spec: spec).collect()
                result.warnings += warnings
                guard !files.isEmpty else {
                    // CodeBuild's own words, with the patterns that found nothing.
                    result.failure = "CLIENT_ERROR: no matching artifact paths found: \(spec.files.joined(separator: ", "))"
                        + (spec.baseDirectory.map { " (base-directory \($0))" } ?? "")
                    break
                }
                try makeDirectories(directory, mode: 0o700)
                let written = try ArtifactArchive.write(files, from: sourceDirectory, baseDirectory: spec.baseDirectoryInCheckout,
                                                        to: directory + "/" + name + ".zip")
                container.line("Artifact \(name): \(written.fileCount) files, \(ByteCount.describe(written.sizeBytes)), sha256 \(written.sha256)")
                var published = PublishedArtifact(identifier: spec.identifier, name: name, path: written.path,
                                                  sizeBytes: written.sizeBytes, sha256: written.sha256, fileCount: written.fileCount)
                if let upload {
                    let key = upload.key(run: run, name: name)
                    do {
                        let client = try uploader ?? upload.makeUploader()
                        uploader = client
                        published.location = try client.upload(written.path, bucket: upload.bucket, key: key)
                        container.line("Artifact \(name) uploaded to \(published.location ?? "")")
                    } catch {
                        result.artifacts.append(published)
                        result.failure = "CLIENT_ERROR: artifact \(name) could not be uploaded to s3://\(upload.bucket)/\(key): \(error)"
                        break
                    }
                }
                result.artifacts.append(published)
            } catch {
                result.failure = "CLIENT_ERROR: artifact \(name) could not be written: \(error)"
                break
            }
        }
        return result
    }

    /// `name:` expanded in the build's shell, made a safe file name; the identifier (or
    /// `artifact`) when absent or empty.
    private func artifactName(_ spec: ArtifactSpec, expand: (String) -> String?, warnings: inout [String]) -> String {
        guard let written = spec.name else { return Self.fileName(spec.defaultName) }
        guard let expanded = expand(written), !expanded.isEmpty else {
            warnings.append("artifact name \(written) could not be expanded; the artifact is called \(spec.defaultName)")
            return Self.fileName(spec.defaultName)
        }
        let safe = Self.fileName(expanded)
        if safe != expanded { warnings.append("artifact name \(expanded) is stored as \(safe)") }
        return safe
    }

    /// Letters, digits, `.`, `_` and `-`; anything else becomes `-` (never a path).
    static func fileName(_ text: String) -> String {
        let cleaned = String(text.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" ? $0 : "-" }.prefix(120))
        return cleaned.allSatisfy { $0 == "." } ? "artifact" : cleaned
    }
}

/// Where artifacts are uploaded: `s3://<bucket>/slipway/<repository>/<run>/<name>.zip`.
package struct S3Destination: Sendable {
    package let bucket: String
    package let repository: String
    /// Resolves credentials and the region when the first artifact is uploaded.
    package let makeUploader: @Sendable () throws -> S3Uploader

    package init(bucket: String, repository: String, makeUploader: @escaping @Sendable () throws -> S3Uploader) {
        self.bucket = bucket
        self.repository = repository
        self.makeUploader = makeUploader
    }

    func key(run: ClaimedRun, name: String) -> String {
        "slipway/\(ArtifactPacker.fileName(repository))/\(run.id)/\(name).zip"
    }
}
