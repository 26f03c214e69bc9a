import Platform

/// A branch's CHANGELOG.md (next to its reports): one section per successful build, newest run
/// first. Sections carry a marker line, so a retried publish replaces its section and builds
/// that finish out of order still land in order. Writers take a lock; the file is replaced
/// atomically, so readers never see half of it.
struct ChangelogFile {
    let path: String
    let title: String

    /// Inserts (or replaces) the section of run `number`.
    func insert(run number: Int64, heading: String, body: String) throws {
        try makeDirectories(parentDirectory(path), mode: 0o700)
        let lock = try FileLock.acquire(parentDirectory(path) + "/.CHANGELOG.md.lock")
        defer { lock.release() }
        var sections = fileExists(path) ? Self.sections(of: try readTextFile(path)) : []
        sections.removeAll { $0.run == number }
        let section = "\(Self.marker(number))\n## \(heading)\n\n\(body)\n"
        let position = sections.firstIndex { $0.run < number } ?? sections.count
        sections.insert((number, section), at: position)
        let text = "# \(title)\n\n" + sections.map(\.text).joined(separator: "\n")
        try writeTextFileAtomically(path, text, mode: 0o600)
    }

    static func marker(_ number: Int64) -> String {
        "<!-- slipway:run \(number) -->"
    }

    /// The sections of an existing file, by their markers (text before the first one is the title).
    static func sections(of text: String) -> [(run: Int64, text: String)] {
        var sections: [(run: Int64, text: String)] = []
        var current: (run: Int64, lines: [Substring])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("<!-- slipway:run "), line.hasSuffix(" -->"),
               let number = Int64(line.dropFirst("<!-- slipway:run ".count).dropLast(" -->".count)) {
                if let current { sections.append((current.run, Self.joined(current.lines))) }
                current = (number, [line])
            } else {
                current?.lines.append(line)
            }
        }
        if let current { sections.append((current.run, Self.joined(current.lines))) }
        return sections
    }

    private static func joined(_ lines: [Substring]) -> String {
        var text = lines.joined(separator: "\n")
        while text.hasSuffix("\n\n") { text.removeLast() }
        if !text.hasSuffix("\n") { text += "\n" }
        return text
    }
}
