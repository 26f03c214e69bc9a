/// What a commit message says, read as a Conventional Commit (1.0): `type(scope)!: description`,
/// a body, and footers. A message that does not follow the convention keeps its first line as
/// the subject and has no type; it is never dropped.
package struct ConventionalMessage: Sendable, Equatable {
    /// Lowercased type (`feat`, `fix`, ...), nil when the header is not conventional.
    package var type: String?
    /// The scope in parentheses, nil when absent or empty.
    package var scope: String?
    /// The description for a conventional header, otherwise the whole first line.
    package var subject: String
    /// `!` after the type or scope in the header.
    package var exclaimed: Bool
    /// `!` in the header, a `BREAKING CHANGE:` / `BREAKING-CHANGE:` footer anywhere in the body,
    /// or a `type!:` line inside a squash-merge body.
    package var breaking: Bool
    /// What the breaking footers (or squashed `type!:` lines) say, in order.
    package var breakingNotes: [String]
    /// The final paragraph's footers (`Token: value`, `Token #value`), in order.
    package var footers: [Footer]
    /// Issue references from the subject and from footers such as `Closes`, `Fixes`, `Refs`.
    package var references: [String]

    /// One footer.
    package struct Footer: Sendable, Equatable {
        package var token: String
        package var value: String
    }

    /// Subjects and notes longer than this are cut (with "…"): a 1 MB one-line message stays readable.
    package static let maximumTextLength = 500

    /// Parses `message` (the full commit message; leading blank lines are skipped).
    package static func parse(_ message: String) -> ConventionalMessage {
        var copy = message
        return copy.withUTF8 { bytes in parse(bytes: bytes) }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> ConventionalMessage {
        var result = ConventionalMessage(type: nil, scope: nil, subject: "", exclaimed: false, breaking: false, breakingNotes: [],
                                         footers: [], references: [])
        // Most messages are one line: read the header straight from the bytes.
        var start = 0
        while start < bytes.count, bytes[start] == UInt8(ascii: "\n") || MessageLines.isSpace(bytes[start]) { start += 1 }
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        readHeader(MessageLines.trim(bytes[start..<end]), into: &result)
        var rest = end
        while rest < bytes.count, bytes[rest] == UInt8(ascii: "\n") || MessageLines.isSpace(bytes[rest]) { rest += 1 }
        if rest < bytes.count {
            let body = UnsafeBufferPointer(rebasing: bytes[end...])
            BodyScanner.scan(MessageLines(body), from: 0, into: &result)
        }
        result.references = IssueReferences.collect(subject: result.subject, footers: result.footers)
        return result
    }

    private static func readHeader(_ header: MessageLines.Line, into result: inout ConventionalMessage) {
        if let parsed = HeaderParser.parse(header) {
            result.type = parsed.type
            result.scope = parsed.scope
            result.subject = TextCleaning.subject(parsed.description)
            result.breaking = parsed.bang
            result.exclaimed = parsed.bang
        } else {
            result.subject = TextCleaning.subject(header)
        }
    }
}

/// `type(scope)!: description` on one line of bytes.
enum HeaderParser {
    static func parse(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> (type: String, scope: String?, bang: Bool,
                                                                     description: Slice<UnsafeBufferPointer<UInt8>>)? {
        var position = line.startIndex
        guard position < line.endIndex, isLetter(line[position]) else { return nil }
        while position < line.endIndex, isTypeCharacter(line[position]) { position += 1 }
        let type = String(decoding: line[line.startIndex..<position], as: UTF8.self).lowercased()
        var scope: String?
        if position < line.endIndex, line[position] == UInt8(ascii: "(") {
            let open = position + 1
            var close = open
            while close < line.endIndex, line[close] != UInt8(ascii: ")"), line[close] != UInt8(ascii: "(") { close += 1 }
            guard close < line.endIndex, line[close] == UInt8(ascii: ")") else { return nil }
            let text = String(decoding: line[open..<close], as: UTF8.self).trimmingSpaces()
            scope = text.isEmpty ? nil : TextCleaning.subject(text)
            position = close + 1
        }
        var bang = false
        if position < line.endIndex, line[position] == UInt8(ascii: "!") {
            bang = true
            position += 1
        }
        guard position + 1 < line.endIndex, line[position] == UInt8(ascii: ":"),
              line[position + 1] == UInt8(ascii: " ") || line[position + 1] == UInt8(ascii: "\t") else { return nil }
        position += 2
        while position < line.endIndex, line[position] == UInt8(ascii: " ") || line[position] == UInt8(ascii: "\t") { position += 1 }
        guard position < line.endIndex else { return nil }
        return (type, scope, bang, line[position..<line.endIndex])
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    static func isTypeCharacter(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
