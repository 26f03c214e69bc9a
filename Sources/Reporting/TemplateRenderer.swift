import Mustache
import Platform

/// A Mustache template could not be used.
package struct TemplateError: Error, CustomStringConvertible {
    package let description: String

    package init(description: String) {
        self.description = description
    }
}

/// Renders Mustache templates for Markdown and JSON output.
///
/// Templates start with `{{% CONTENT_TYPE: TEXT}}` (Markdown: nothing escaped) or
/// `{{% CONTENT_TYPE: JSON}}` (every `{{value}}` escaped as a JSON string body).
package enum TemplateRenderer {
    private static let registered: Bool = {
        MustacheContentTypes.register(JSONContentType(), named: "JSON")
        return true
    }()

    /// Renders `object` (dictionaries, arrays, strings, numbers and booleans) with `text`;
    /// `name` identifies the template in errors.
    package static func render(_ text: String, name: String, object: [String: Any]) throws -> String {
        _ = registered
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            throw TemplateError(description: "\(name):\(error.context.lineNumber):\(error.context.columnNumber): "
                                + "template error \(error.error); check the {{ }} tags on that line")
        } catch {
            throw TemplateError(description: "\(name): template error \(error)")
        }
        return template.render(object)
    }
}

/// Escapes values for the inside of a JSON string.
struct JSONContentType: MustacheContentType {
    func escapeText(_ text: String) -> String {
        var output = ""
        JSONEscaping.appendEscaped(text, to: &output)
        return output
    }
}

/// The inside of a JSON string literal.
package enum JSONEscaping {
    /// Appends `text` with quotes, backslashes, control characters, U+2028 and U+2029 escaped;
    /// text with nothing to escape (the usual case) is appended in one piece.
    package static func appendEscaped(_ text: String, to output: inout String) {
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0xE2 }) {
            return output += text
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
    }
}

/// Markdown helpers for values placed in templates.
package enum Markdown {
    /// A value safe inside a table cell: one clean line (`DisplayText.line`), pipes escaped,
    /// HTML-looking `<` escaped (`inline`).
    package static func cell(_ text: String) -> String {
        let line = DisplayText.line(text)
        guard line.contains("|") else { return inline(line) }
        var result = ""
        for character in line {
            if character == "|" { result += "\\|" } else { result.append(character) }
        }
        return inline(result)
    }

    /// Text safe in Markdown running text: a `<` that could open an HTML tag, comment or
    /// declaration (`<script>`, `</details>`, `<!--`, `<?`) is escaped, so commit text cannot
    /// inject HTML into a rendered report.
    package static func inline(_ text: String) -> String {
        DisplayText.escapingTags(text)
    }

    /// A code fence longer than any run of backticks in `content`, so the content cannot close it.
    package static func fence(for content: String) -> String {
        var longest = 0
        var current = 0
        for character in content {
            if character == "`" { current += 1; longest = max(longest, current) } else { current = 0 }
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }

    /// Inline code that survives backticks in the value.
    package static func code(_ text: String) -> String {
        let fence = text.contains("`") ? "`` " : "`"
        let close = text.contains("`") ? " ``" : "`"
        return fence + text + close
    }
}
