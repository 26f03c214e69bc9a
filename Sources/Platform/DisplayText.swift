/// Text from outside Slipway (commit subjects and authors, build output) made fit to show: the
/// one place that removes control characters and terminal escape sequences, for the history,
/// reports, notes, webhooks, log tails and terminals alike.
package enum DisplayText {
    /// The longest one-line text kept, in characters; longer text is cut with "…".
    package static let maximumLineLength = 500

    /// One line: escape sequences are removed, newlines and tabs become spaces, other control
    /// characters (C0, DEL, C1) go, runs of spaces collapse, the ends are trimmed, and text
    /// longer than `limit` characters is cut with "…". `wasCut` says the caller already
    /// dropped the end of the text.
    package static func line(_ text: String, limit: Int = maximumLineLength, wasCut: Bool = false) -> String {
        if !wasCut, isCleanLine(text, limit: limit) { return text }
        var output = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in withoutTerminalControl(text).unicodeScalars {
            if isControl(scalar) || scalar == " " {
                if !lastWasSpace { output.append(" ") }
                lastWasSpace = true
            } else {
                output.append(scalar)
                lastWasSpace = false
            }
        }
        var result = String(output)
        while result.hasSuffix(" ") { result.removeLast() }
        if result.count > limit { return String(result.prefix(limit)) + "…" }
        return wasCut ? result + "…" : result
    }

    /// True when `line` would return the text unchanged (the common case, checked on bytes).
    package static func isCleanLine(_ text: String, limit: Int = maximumLineLength) -> Bool {
        let bytes = text.utf8
        guard bytes.count <= limit else { return false }
        var previousWasSpace = true
        for byte in bytes {
            // 0xC2 starts U+0080...U+00BF, which holds the C1 controls: take the careful path.
            if byte < 0x20 || byte == 0x7F || byte == 0xC2 { return false }
            if byte == 0x20 {
                if previousWasSpace { return false }
                previousWasSpace = true
            } else {
                previousWasSpace = false
            }
        }
        return !previousWasSpace || bytes.isEmpty
    }

    /// Multi-line text (a log tail) as `TerminalEscapeFilter` leaves it: no escape sequences,
    /// no control characters but newline and tab.
    package static func withoutTerminalControl(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && $0 != "\n" && $0 != "\t" }) else { return text }
        var filter = TerminalEscapeFilter()
        var bytes: [UInt8] = []
        filter.filter(Array(text.utf8)) { bytes.append(contentsOf: $0) }
        filter.finish { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Text safe in Markdown running text: a `<` that could open an HTML tag, comment or
    /// declaration (`<script>`, `</details>`, `<!--`, `<?`) is written `\<`.
    package static func escapingTags(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "<")) else { return text }
        var output = ""
        var previous: Character?
        for character in text {
            if previous == "<", character.isLetter || character == "/" || character == "!" || character == "?" {
                output.removeLast()
                output += "\\<"
            }
            output.append(character)
            previous = character
        }
        return output
    }

    /// Where to cut `bytes` to keep at most `limit` of them without cutting a UTF-8 sequence
    /// in half: the last index at most `limit` past the start that begins a character (or the end).
    package static func utf8Boundary<Bytes: RandomAccessCollection>(_ bytes: Bytes, atMost limit: Int) -> Int
    where Bytes.Element == UInt8, Bytes.Index == Int {
        var end = min(bytes.endIndex, bytes.startIndex + limit)
        while end < bytes.endIndex, end > bytes.startIndex, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return end
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0)
    }
}
