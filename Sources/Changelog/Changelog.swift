/// Where a changelog starts, said so a reader knows what "changes" means here.
package enum ChangeBasis: Sendable, Equatable {
    /// Since the last successful build of the same branch.
    case lastSuccessfulBuild(run: Int64, sha: String)
    /// A tag build: since the last successful build of an earlier tag.
    case previousTagBuild(run: Int64, tag: String, sha: String)
    /// The first build of a branch: since it left the default branch.
    case mergeBase(branch: String, sha: String)
    /// The first build with nothing to compare with: the most recent commits.
    case recentCommits(limit: Int)
    /// A range someone asked for (`slipway changelog A..B`).
    case requested(String)
}

/// A commit that is no longer on the branch after a force-push.
package struct DroppedCommit: Sendable, Equatable {
    package var sha: String
    package var subject: String

    package init(sha: String, subject: String) {
        self.sha = sha
        self.subject = subject
    }
}

/// History was rewritten: an earlier tip (the push's old SHA, the last good build) is not an
/// ancestor of the new one.
package struct HistoryRewrite: Sendable, Equatable {
    /// The earlier tips that are no longer ancestors.
    package var replaced: [String]
    /// Commits reachable from them and not from the new tip, newest first (at most `listLimit`).
    package var dropped: [DroppedCommit]
    /// How many commits were dropped (counted up to `countLimit`).
    package var droppedCount: Int
    /// Some replaced tips are no longer in the repository, so what they held cannot be listed.
    package var unreadable: [String]

    package static let listLimit = 50
    package static let countLimit = 10_000

    package init(replaced: [String], dropped: [DroppedCommit], droppedCount: Int, unreadable: [String]) {
        self.replaced = replaced
        self.dropped = dropped
        self.droppedCount = droppedCount
        self.unreadable = unreadable
    }
}

/// A changelog: the commits of a range, grouped, with where the range starts and whether
/// history was rewritten.
package struct Changelog: Sendable {
    /// The excluded start of the range (full SHA), nil when the range has no lower bound.
    package var from: String?
    /// The included end (full SHA).
    package var to: String
    package var branch: String
    package var basis: ChangeBasis
    package var rewrite: HistoryRewrite?
    package var groups: [ChangeGroup]
    /// Merge commits left out (`changelog.merges: skip`).
    package var skippedMerges: Int
    /// Set when the walk stopped at a limit and older commits exist.
    package var stoppedAtLimit: Int?

    /// Commits listed.
    package var commitCount: Int { groups.reduce(0) { $0 + $1.entries.count } }

    /// `from..to` with full SHAs, or `to` alone.
    package var range: String { from.map { "\($0)..\(to)" } ?? to }

    /// `from..to` with short SHAs.
    package var shortRange: String { from.map { "\($0.prefix(7))..\(to.prefix(7))" } ?? String(to.prefix(7)) }
}

/// Makes a changelog from commits as a walk yields them, newest first, holding only parsed
/// entries (never whole messages).
package struct ChangelogBuilder {
    private var grouping: ChangelogGrouping
    private let includeMerges: Bool
    private var skippedMerges = 0

    package init(rules: [ChangeGroupRule], includeMerges: Bool) {
        grouping = ChangelogGrouping(rules: rules)
        self.includeMerges = includeMerges
    }

    /// Adds the next (older) commit.
    package mutating func add(_ commit: ChangelogCommit) {
        if commit.parentCount > 1 && !includeMerges {
            skippedMerges += 1
            return
        }
        grouping.add(ChangeEntry(commit))
    }

    /// The changelog of the range.
    package func finish(from: String?, to: String, branch: String, basis: ChangeBasis, rewrite: HistoryRewrite?,
                        stoppedAtLimit: Int?) -> Changelog {
        Changelog(from: from, to: to, branch: branch, basis: basis, rewrite: rewrite, groups: grouping.nonEmptyGroups,
                  skippedMerges: skippedMerges, stoppedAtLimit: stoppedAtLimit)
    }
}
