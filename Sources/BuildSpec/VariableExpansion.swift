/// `${NAME}` and `$NAME` in image names and build arguments, from the build's variables.
package enum VariableExpansion {
    /// The text with variables replaced; the error names an unset variable.
    package static func expand(_ text: String, lookup: (String) -> String?) throws -> String {
        var output = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            rest = rest[rest.index(after: dollar)...]
            let name: Substring
            if rest.first == "{" {
                guard let close = rest.firstIndex(of: "}") else {
                    throw VariableError(text: text, variable: String(rest), reason: "has no closing }")
                }
                name = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
            } else {
                name = rest.prefix { $0 == "_" || $0.isLetter || $0.isNumber }
                rest = rest.dropFirst(name.count)
                if name.isEmpty {
                    output += "$"
                    continue
                }
            }
            guard let value = lookup(String(name)) else {
                throw VariableError(text: text, variable: String(name), reason: "is not set")
            }
            output += value
        }
        return output + rest
    }
}

extension VariableExpansion {
    /// The names of the variables a text refers to.
    package static func referencedNames(in text: String) -> [String] {
        var names: [String] = []
        _ = try? expand(text) { name in
            names.append(name)
            return ""
        }
        return names
    }
}

/// A variable in an image name or build argument could not be expanded.
package struct VariableError: Error, CustomStringConvertible, Equatable {
    package let text: String
    package let variable: String
    package let reason: String
    package var description: String {
        "'\(text)' uses $\(variable), which \(reason); set it in slipway.yml's environment:, the buildspec's env.variables, or in the build"
    }
}
