import History
import Platform
import Settings
import SlipwayModel

/// Expands an image's tag templates for a run: `{sha}`, `{short-sha}`, `{branch}` (made a valid
/// tag), `{build-number}`, `{tag}` (the tag's own name on a tag push), literal text, and
/// `latest` as the image's `latest` policy says. Templates that do not apply to this push
/// (`{tag}` on a branch push, `{branch}` on a tag push) are left out; duplicates are dropped.
package enum TagTemplates {
    package static func tags(for definition: ImageDefinition, run: ClaimedRun, defaultBranch: String,
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
