import Yams

/// A YAML node together with where it was written. Scalars keep the exact text of the file,
/// so `5.0` stays "5.0" and `0.2` is never turned into a floating-point number.
package struct YAMLValue {
    let node: Node
    /// Where the value starts in the file.
    package let location: SourceLocation

    init(_ node: Node, fallback: SourceLocation) {
        self.node = node
        if let mark = node.mark {
            location = SourceLocation(line: mark.line, column: mark.column)
        } else {
            location = fallback
        }
    }

    /// The scalar text as written, or nil for mappings and lists.
    package var scalarText: String? { node.scalar?.string }

    /// True for an empty value (`key:` with nothing after it, `~` or `null`).
    package var isNull: Bool {
        guard let scalar = node.scalar else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// True when the scalar was quoted, so it is text whatever it looks like.
    package var isQuoted: Bool {
        guard let scalar = node.scalar else { return false }
        return scalar.style == .singleQuoted || scalar.style == .doubleQuoted
    }

    /// True for an unquoted scalar that YAML reads as a number or a boolean (`5`, `1.5`, `true`):
    /// where a name is expected, the writer most likely meant something else.
    package var isPlainNumberOrBoolean: Bool {
        guard let text = scalarText, isPlain else { return false }
        return Int(text) != nil || Double(text) != nil
            || ["true", "false", "yes", "no", "on", "off", "True", "False", "TRUE", "FALSE"].contains(text)
    }

    /// True for an unquoted, non-block scalar.
    package var isPlain: Bool {
        node.scalar?.style == .plain
    }

    /// The list items, or nil when this is not a list.
    package var items: [YAMLValue]? {
        guard case .sequence(let sequence) = node else { return nil }
        return sequence.map { YAMLValue($0, fallback: location) }
    }

    /// The key/value pairs in file order, or nil when this is not a mapping.
    package var pairs: [(key: YAMLValue, value: YAMLValue)]? {
        guard case .mapping(let mapping) = node else { return nil }
        return mapping.map { (YAMLValue($0.key, fallback: location), YAMLValue($0.value, fallback: location)) }
    }

    /// "a mapping", "a list", "a string", ... for messages.
    package var kindDescription: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar:
            if isNull { return "empty" }
            if isQuoted { return "a string" }
            let text = scalarText ?? ""
            if Int(text) != nil { return "a number" }
            if YAMLValue.booleanWords.keys.contains(text) { return "a boolean" }
            return "a string"
        }
    }

    /// YAML 1.1 booleans as CodeBuild's YAML reader accepts them.
    package static let booleanWords: [String: Bool] = [
        "true": true, "True": true, "TRUE": true, "yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
        "false": false, "False": false, "FALSE": false, "no": false, "No": false, "NO": false, "off": false, "Off": false, "OFF": false,
    ]
}

/// Parses YAML text into a located value tree, turning syntax errors into diagnostics.
package enum YAMLDocument {
    /// The root value, or nil for an empty document; syntax errors are added to `log`.
    package static func parse(_ text: String, log: DiagnosticLog) -> YAMLValue? {
        do {
            let parser = try Parser(yaml: text)
            guard let root = try parser.singleRoot() else { return nil }
            return YAMLValue(root, fallback: .start)
        } catch let error as YamlError {
            let (message, location) = describe(error)
            log.error(message, at: location)
            return nil
        } catch {
            log.error("cannot read YAML: \(error)", at: .start)
            return nil
        }
    }

    private static func describe(_ error: YamlError) -> (String, SourceLocation) {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(line: mark.line, column: mark.column) }
        func phrase(_ context: YamlError.Context?, _ problem: String) -> String {
            guard let context else { return problem }
            return "\(problem) (\(context.text) at line \(context.mark.line))"
        }
        let hint = "; check indentation, and quote values that contain ': ' or start with a special character"
        switch error {
        case let .scanner(context, problem, mark, _):
            return ("invalid YAML: " + phrase(context, problem) + hint, at(mark))
        case let .parser(context, problem, mark, _):
            return ("invalid YAML: " + phrase(context, problem) + hint, at(mark))
        case let .composer(context, problem, mark, _):
            return ("invalid YAML: " + phrase(context, problem), at(mark))
        case let .duplicatedKeysInMapping(duplicates, context):
            let first = at(context.mark)
            // Reported where the second one is, naming the first, as an editor would want it.
            if duplicates.count == 1, let name = duplicates.first,
               let second = secondOccurrence(of: name, after: first, in: context.text) {
                return ("duplicate key '\(name)' (first defined at line \(first.line))", second)
            }
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ("key \(names) appears more than once in the same mapping; keep only one", first)
        case let .reader(problem, offset, _, _):
            return ("cannot read the file as UTF-8 text: \(problem)\(offset.map { " at byte \($0)" } ?? "")", .start)
        default:
            return ("invalid YAML: \(error)", .start)
        }
    }

    /// The next line after `first` that holds the key `name` at the same column of a block
    /// mapping (Yams reports only the first occurrence).
    static func secondOccurrence(of name: String, after first: SourceLocation, in text: String) -> SourceLocation? {
        let indent = first.column - 1
        guard indent >= 0 else { return nil }
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            guard lineNumber > first.line else { continue }
            let leading = line.prefix { $0 == " " }.count
            if leading < indent && !line.allSatisfy({ $0 == " " }) && !line.dropFirst(leading).hasPrefix("#") { return nil }
            guard leading == indent else { continue }
            let rest = line.dropFirst(indent)
            for candidate in [name, "\"\(name)\"", "'\(name)'"] where rest.hasPrefix(candidate) {
                let after = rest.dropFirst(candidate.count).drop { $0 == " " }
                if after.hasPrefix(":") { return SourceLocation(line: lineNumber, column: first.column) }
            }
        }
        return nil
    }
}
