import Reporting

/// Writes JSON text as it goes, keys in the order written (stable output, no Foundation, no
/// tree of values: a 50,000-commit changelog is written in one pass).
package struct JSONStream {
    package private(set) var text = ""
    private let pretty: Bool
    private var depth = 0
    private var needsComma = false
    private var afterKey = false
    private static let indents = (0..<16).map { String(repeating: "  ", count: $0) }

    /// `pretty` puts one value per line, indented by two spaces.
    package init(pretty: Bool) {
        self.pretty = pretty
    }

    package mutating func beginObject() { open("{") }
    package mutating func endObject() { close("}") }
    package mutating func beginArray() { open("[") }
    package mutating func endArray() { close("]") }

    /// The key of the next value in an object.
    package mutating func key(_ name: String) {
        separate()
        JSONStream.writeString(name, into: &text)
        text += pretty ? ": " : ":"
        afterKey = true
    }

    package mutating func string(_ value: String) {
        separate()
        JSONStream.writeString(value, into: &text)
        needsComma = true
    }

    package mutating func string(_ value: String?) {
        guard let value else { return null() }
        string(value)
    }

    package mutating func number(_ value: Int64) { raw(String(value)) }
    package mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }
    package mutating func null() { raw("null") }

    /// An array of strings.
    package mutating func strings(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    private mutating func raw(_ literal: String) {
        separate()
        text += literal
        needsComma = true
    }

    private mutating func open(_ bracket: String) {
        separate()
        text += bracket
        depth += 1
        needsComma = false
    }

    private mutating func close(_ bracket: String) {
        depth -= 1
        if pretty && needsComma { newline() }
        text += bracket
        needsComma = true
    }

    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        if needsComma { text += "," }
        if pretty && depth > 0 { newline() }
    }

    private mutating func newline() {
        text += "\n"
        text += depth < JSONStream.indents.count ? JSONStream.indents[depth] : String(repeating: "  ", count: depth)
    }

    /// Writes a JSON string literal.
    package static func writeString(_ text: String, into output: inout String) {
        output += "\""
        JSONEscaping.appendEscaped(text, to: &output)
        output += "\""
    }
}
