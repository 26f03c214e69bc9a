/// Reads one YAML mapping against a schema: typed accessors that report wrong types, and a
/// final check that reports unknown keys with a suggestion. `path` names the mapping in
/// messages ("env", "phases.build", "queue").
package struct MappingReader {
    /// The mapping's own location.
    package let location: SourceLocation
    /// Dotted name of this mapping, for messages; empty for the document root.
    package let path: String
    let log: DiagnosticLog
    private let entries: [(key: String, keyLocation: SourceLocation, value: YAMLValue)]

    /// Wraps `value`, or reports that it is not a mapping and returns nil.
    package init?(_ value: YAMLValue, path: String, log: DiagnosticLog) {
        guard let pairs = value.pairs else {
            let what = path.isEmpty ? "the document" : "'\(path)'"
            log.error("\(what) must be a mapping of keys to values, found \(value.kindDescription)", at: value.location)
            return nil
        }
        self.location = value.location
        self.path = path
        self.log = log
        self.entries = pairs.map { (key: $0.key.scalarText ?? "", keyLocation: $0.key.location, value: $0.value) }
    }

    /// The keys in file order.
    package var keys: [String] { entries.map(\.key) }

    /// The raw value of `key`, or nil when absent.
    package func value(_ key: String) -> YAMLValue? {
        entries.first { $0.key == key }?.value
    }

    /// Where `key` itself is written.
    package func keyLocation(_ key: String) -> SourceLocation? {
        entries.first { $0.key == key }?.keyLocation
    }

    /// All entries, for mappings whose keys are user-chosen (variables, images, ...).
    package var allEntries: [(key: String, keyLocation: SourceLocation, value: YAMLValue)] { entries }

    /// The dotted name of a key in this mapping.
    package func name(of key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// A nested mapping, or nil (reporting the error) when present but not a mapping.
    package func mapping(_ key: String) -> MappingReader? {
        guard let value = value(key), !value.isNull else { return nil }
        return MappingReader(value, path: name(of: key), log: log)
    }

    /// A scalar read as text exactly as written (numbers and booleans included).
    package func text(_ key: String) -> (value: String, location: SourceLocation)? {
        guard let value = value(key), !value.isNull else { return nil }
        guard let text = value.scalarText else {
            log.error("'\(name(of: key))' must be a single value, found \(value.kindDescription)", at: value.location)
            return nil
        }
        return (text, value.location)
    }

    /// A boolean (true/false, yes/no, on/off).
    package func bool(_ key: String) -> Bool? {
        guard let (text, location) = text(key) else { return nil }
        guard let flag = YAMLValue.booleanWords[text] else {
            log.error("'\(name(of: key))' must be true or false, found '\(text)'", at: location)
            return nil
        }
        return flag
    }

    /// A whole number within `range`.
    package func integer(_ key: String, in range: ClosedRange<Int> = Int.min...Int.max) -> Int? {
        guard let (text, location) = text(key) else { return nil }
        guard let number = Int(text) else {
            log.error("'\(name(of: key))' must be a whole number, found '\(text)'", at: location)
            return nil
        }
        guard range.contains(number) else {
            log.error("'\(name(of: key))' must be between \(range.lowerBound) and \(range.upperBound), found \(number)",
                      at: location)
            return nil
        }
        return number
    }

    /// A list of scalars; a single scalar is accepted as a one-item list when `acceptsScalar`.
    /// With `names`, an unquoted number or boolean (`branches: 5`) is an error: names and
    /// patterns are text, and YAML would not read such a value as the name it looks like.
    package func textList(_ key: String, acceptsScalar: Bool = false, names: Bool = false) -> [(value: String, location: SourceLocation)]? {
        guard let value = value(key), !value.isNull else { return nil }
        if names, value.isPlainNumberOrBoolean {
            log.error("'\(name(of: key))' takes names or patterns, found the \(Int(value.scalarText ?? "") != nil || Double(value.scalarText ?? "") != nil ? "number" : "boolean") \(value.scalarText ?? ""); write a list of names ([main]), and quote one that looks like a number ('5')", at: value.location)
            return nil
        }
        if let items = value.items {
            var result: [(String, SourceLocation)] = []
            for item in items {
                if names, item.isPlainNumberOrBoolean {
                    log.error("each item of '\(name(of: key))' is a name or pattern, found the unquoted value \(item.scalarText ?? ""); quote it ('\(item.scalarText ?? "")') if a branch is really named so", at: item.location)
                } else if let text = item.scalarText, !item.isNull {
                    result.append((text, item.location))
                } else {
                    log.error("each item of '\(name(of: key))' must be a single value, found \(item.kindDescription)",
                              at: item.location)
                }
            }
            return result
        }
        if acceptsScalar, let text = value.scalarText {
            return [(text, value.location)]
        }
        log.error("'\(name(of: key))' must be a list, found \(value.kindDescription)", at: value.location)
        return nil
    }

    /// A mapping of names to scalars (variables and the like), in file order.
    package func textMap(_ key: String) -> [(name: String, value: String, location: SourceLocation)]? {
        guard let mapping = mapping(key) else { return nil }
        var result: [(String, String, SourceLocation)] = []
        for entry in mapping.entries {
            if entry.value.isNull {
                result.append((entry.key, "", entry.value.location))
            } else if let text = entry.value.scalarText {
                result.append((entry.key, text, entry.value.location))
            } else {
                log.error("'\(mapping.name(of: entry.key))' must be a single value, found \(entry.value.kindDescription)",
                          at: entry.value.location)
            }
        }
        return result
    }

    /// Reports every key not in `known` as an error, with the closest known key as a suggestion.
    package func rejectUnknownKeys(known: [String], hint: String? = nil) {
        for entry in entries where !known.contains(entry.key) {
            var message = "unknown key '\(entry.key)'" + (path.isEmpty ? "" : " in '\(path)'")
            if let suggestion = closestMatch(to: entry.key, among: known) {
                message += "; did you mean '\(suggestion)'?"
            } else {
                message += "; allowed keys are: " + known.joined(separator: ", ")
            }
            if let hint { message += " " + hint }
            log.error(message, at: entry.keyLocation)
        }
    }
}

/// The candidate closest to `word` by edit distance (ignoring case, "-" and "_"), when it is close enough.
package func closestMatch(to word: String, among candidates: [String]) -> String? {
    func normalized(_ text: String) -> [Character] {
        Array(text.lowercased().map { $0 == "_" ? "-" : $0 })
    }
    let target = normalized(word)
    var best: (String, Int)?
    for candidate in candidates {
        let distance = editDistance(target, normalized(candidate))
        if let current = best, current.1 <= distance { continue }
        best = (candidate, distance)
    }
    guard let (candidate, distance) = best else { return nil }
    let limit = max(1, min(3, target.count / 3))
    return distance <= limit ? candidate : nil
}

/// Optimal string alignment distance: insertions, deletions, substitutions and transpositions
/// of neighbours each cost 1, so "moed" is one step from "mode".
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
            }
        }
    }
    return table[a.count][b.count]
}
