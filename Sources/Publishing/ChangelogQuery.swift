import Changelog
import Git
import History
import Masking
import Platform
import Secrets
import Settings
import SlipwayModel

/// A `slipway changelog` request could not be answered; says what to give instead.
package struct ChangelogQueryError: Error, CustomStringConvertible {
    package let description: String
}

/// `slipway changelog`: the changelog of any range (`A..B`, `A..`, a tag, a SHA), or, with no
/// range, what the next build of a branch would list.
package struct ChangelogQuery {
    package enum Format: String, CaseIterable, Sendable {
        case markdown
        case json
    }

    let settings: SlipwaySettings
    let store: HistoryStore
    let repository: Repository

    /// A query for a read-only command: like `git log`, it does not re-hash the objects it reads.
    package init(settings: SlipwaySettings, store: HistoryStore) throws {
        self.settings = settings
        self.store = store
        Libgit2.verifyObjectHashes(false)
        repository = try Repository.open(settings.gitDirectory)
    }

    /// The changelog; `limit` caps the commits walked (nil: all).
    package func changelog(range text: String?, branch: String?, limit: Int?) throws -> Changelog {
        let collector = ChangelogCollector(repository: repository, settings: settings.changelog)
        guard let text else {
            let name = branch ?? settings.defaultBranch
            guard let tip = try repository.target(of: "refs/heads/" + name) else {
                let known = try repository.branches().map(\.shortName).prefix(10).joined(separator: ", ")
                throw ChangelogQueryError(description: "branch '\(name)' does not exist in \(settings.gitDirectory)"
                                          + (known.isEmpty ? " (it has no branches yet)" : "; its branches include \(known)"))
            }
            var range = try ChangeRangeResolver(repository: repository, store: store, settings: settings)
                .range(ref: "refs/heads/" + name, refKind: .branch, branch: name, newSha: tip.hex, oldSha: nil, before: Int64.max)
            if let limit { range.limit = min(range.limit ?? limit, limit) }
            return try collector.collect(range, branch: name)
        }
        if branch != nil {
            throw ChangelogQueryError(description: "give either a RANGE or --branch: --branch lists what the branch's next build would (since its last successful build)")
        }
        if text.contains("...") {
            throw ChangelogQueryError(description: "'\(text)': symmetric ranges (A...B) are not supported; use A..B (commits in B that are not in A)")
        }
        let parts = text.split(separator: "..", omittingEmptySubsequences: false).map(String.init)
        let end = parts.count == 2 ? (parts[1].isEmpty ? "HEAD" : parts[1]) : text
        let tip = try resolve(end)
        var range = ChangeRange(tip: tip, excluded: [], from: nil, basis: .requested(text), limit: limit)
        if parts.count == 2 {
            guard !parts[0].isEmpty else {
                throw ChangelogQueryError(description: "'\(text)' has no start; write A..B, A.. (up to HEAD), or a single revision")
            }
            let start = try resolve(parts[0])
            range.excluded = [start]
            range.from = start.hex
        }
        return try collector.collect(range, branch: end)
    }

    /// The changelog as Markdown (every commit listed) or pretty-printed JSON, masked with every
    /// secret of the repository's store (release notes are published text).
    package func render(_ changelog: Changelog, format: Format) throws -> String {
        let masker = SecretMasker(secrets: SecretResolver(settings: settings).repositorySecretValues())
        switch format {
        case .json:
            return masker.mask(changelog.jsonText(pretty: true))
        case .markdown:
            let template = try settings.changelog.template.map { try readTextFile($0) }
            let body = try changelog.markdown(template: template, templateName: settings.changelog.template ?? "changelog.md.mustache")
            return masker.mask("## Changes in `\(changelog.shortRange)`\n\n" + body)
        }
    }

    private func resolve(_ revision: String) throws -> ObjectID {
        do {
            return try repository.resolveCommit(revision)
        } catch {
            throw ChangelogQueryError(description: "'\(revision)' is not a commit in \(settings.gitDirectory): no branch, tag or SHA of that name (\(error))")
        }
    }
}
