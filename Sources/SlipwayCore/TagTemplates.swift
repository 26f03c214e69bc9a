import History
import Settings

/// Expands an image's tag templates for a run: `{sha}`, `{short-sha}`, `{branch}` (made a valid
/// tag), `{build-number}`, `{tag}` (the tag's own name on a tag push), literal text, and
/// `latest` as the image's `latest` policy says. Templates that do not apply to this push
/// (`{tag}` on a branch push, `{branch}` on a tag push) are left out; duplicates are dropped.
package enum TagTemplates {
    package static func tags(for definition: ImageDefinition, run: RunRecord, defaultBranch: String,
                             shortShaLength: Int) throws -> [String] {
        var tags: [String] = []
        func add(_ tag: String) {
            if !tags.contains(tag) { tags.append(tag) }
        }
        for template in definition.tags {
            if template == "latest" {
                continue
            }
            if template.contains("{tag}") && run.refKind != .tag { continue }
            if template.contains("{branch}") && run.refKind != .branch { continue }
            let expanded = template
                .replacingAll("{sha}", with: run.newSha)
                .replacingAll("{short-sha}", with: String(run.newSha.prefix(shortShaLength)))
                .replacingAll("{branch}", with: ImageTagging.dockerTag(fromBranch: run.branch))
                .replacingAll("{tag}", with: ImageTagging.dockerTag(fromBranch: run.branch))
                .replacingAll("{build-number}", with: String(run.id))
            if let unknown = expanded.firstRange(of: "{") {
                let placeholder = expanded[unknown.lowerBound...].prefix { $0 != "}" } + "}"
                throw ImageNameError(name: definition.name,
                                     reason: "tag template '\(template)' uses \(placeholder); use {sha}, {short-sha}, {branch}, {build-number} or {tag}")
            }
            guard ImageTagging.isValidTag(expanded) else {
                throw ImageNameError(name: definition.name,
                                     reason: "tag '\(expanded)' (from '\(template)') is not a valid Docker tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})")
            }
            add(expanded)
        }
        let wantsLatest: Bool
        switch definition.latest {
        case .always: wantsLatest = true
        case .never: wantsLatest = false
        case .defaultBranch: wantsLatest = run.refKind == .branch && run.branch == defaultBranch
        }
        // `latest` written in tags: means the same as the default: the policy decides.
        if wantsLatest { add("latest") }
        return tags
    }
}

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
