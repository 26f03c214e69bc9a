import Platform

/// Writes many commits at once with `git fast-import`: messages are raw bytes (any encoding,
/// any size), each commit keeps its parent's tree.
package enum FastImport {
    /// Appends one commit per message to `branch` of `repository` (a clone or a bare repository),
    /// on top of `parent`; `encoding` adds the commit header that declares the messages' encoding.
    /// Returns the new tip.
    @discardableResult
    package static func commits(_ messages: [[UInt8]], onto parent: String, branch: String = "main", in repository: String,
                                encoding: String? = nil, scratch: ScratchDirectory) throws -> String {
        var stream: [UInt8] = []
        for (index, message) in messages.enumerated() {
            var header = "commit refs/heads/\(branch)\nmark :\(index + 1)\n"
            header += "author Import Author <import@example.com> \(1_700_000_000 + index) +0000\n"
            header += "committer Import Author <import@example.com> \(1_700_000_000 + index) +0000\n"
            if let encoding { header += "encoding \(encoding)\n" }
            header += "data \(message.count)\n"
            stream += Array(header.utf8) + message + Array("\n".utf8)
            if index == 0 { stream += Array("from \(parent)\n".utf8) }
            stream += Array("\n".utf8)
        }
        let path = scratch.file("import-\(Clock.monotonicMilliseconds()).stream")
        try writeFileAtomically(path, stream)
        let result = try runCommand("sh", ["-c", "git fast-import --quiet < \"$1\"", "sh", path], in: repository)
        guard result.succeeded else { throw TestFailure("git fast-import failed: \(result.errorText)") }
        return try git("rev-parse", "refs/heads/\(branch)", in: repository)
    }
}
