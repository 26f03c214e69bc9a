import Crypto
import History
import Platform
#if canImport(Glibc)
import Glibc
#endif

/// Writes a kept artifact out, refusing one whose bytes no longer match the recorded SHA-256.
enum ArtifactCopy {
    static func copy(_ artifact: ArtifactRow, to output: String?) throws {
        let destination = output ?? "/dev/stdout"
        let temporary = output.map { $0 + ".partial" }
        let target = try FileDescriptor.open(temporary ?? destination, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: 0o644)
        var hasher = SHA256()
        var position: Int64 = 0
        var failure: Error?
        try copyFile(artifact.path, from: &position) { bytes in
            guard failure == nil else { return }
            hasher.update(bufferPointer: bytes)
            do { try target.writeAll(bytes) } catch { failure = error }
        }
        target.close()
        if let failure { throw failure }
        let digest = hexDigits(hasher.finalize())
        guard digest == artifact.sha256 else {
            if let temporary { _ = unlink(temporary) }
            throw ArtifactMismatch(description: "artifact \(artifact.name) at \(artifact.path) has SHA-256 \(digest), not the \(artifact.sha256) recorded when it was made: it was changed since; not written")
        }
        if let temporary, let output { try moveFile(temporary, to: output) }
    }
}

struct ArtifactMismatch: Error, CustomStringConvertible {
    let description: String
}
