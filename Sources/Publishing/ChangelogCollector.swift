import Changelog
import Dispatch
import Git
import Settings

/// Walks a range with libgit2 and makes its changelog, one commit at a time: memory grows with
/// the parsed entries (a subject each), not with the messages. Messages are parsed on a second
/// thread while this one reads the next commits, so reading and parsing overlap.
struct ChangelogCollector {
    let repository: Repository
    let settings: ChangelogSettings

    /// The groups of slipway.yml as the changelog module takes them.
    static func rules(_ settings: ChangelogSettings) -> [ChangeGroupRule] {
        settings.groups.map { ChangeGroupRule(title: $0.title, types: $0.types) }
    }

    func collect(_ range: ChangeRange, branch: String) throws -> Changelog {
        let builder = ConcurrentBuilder(ChangelogBuilder(rules: Self.rules(settings), includeMerges: settings.includeMerges))
        var batch: [ChangelogCommit] = []
        batch.reserveCapacity(ConcurrentBuilder.batchSize)
        var listed = 0
        var stoppedAtLimit: Int?
        let walk = try repository.walk(including: [range.tip], excluding: range.excluded)
        while let commit = try walk.nextText() {
            let isMerge = commit.parentCount > 1
            if let limit = range.limit, listed >= limit, !isMerge || settings.includeMerges {
                stoppedAtLimit = limit
                break
            }
            batch.append(Self.plain(commit))
            if batch.count == ConcurrentBuilder.batchSize {
                builder.add(batch)
                batch.removeAll(keepingCapacity: true)
            }
            if !isMerge || settings.includeMerges { listed += 1 }
        }
        builder.add(batch)
        return builder.finish(from: range.from, to: range.tip.hex, branch: branch, basis: range.basis,
                              rewrite: try rewrite(range), stoppedAtLimit: stoppedAtLimit)
    }

    /// What a force-push dropped: commits of the replaced tips that the new tip does not reach.
    private func rewrite(_ range: ChangeRange) throws -> HistoryRewrite? {
        guard !range.replaced.isEmpty || !range.unreadable.isEmpty else { return nil }
        var dropped: [DroppedCommit] = []
        var count = 0
        if !range.replaced.isEmpty {
            let walk = try repository.walk(including: range.replaced, excluding: [range.tip])
            while count < HistoryRewrite.countLimit, let commit = try walk.nextText() {
                if dropped.count < HistoryRewrite.listLimit {
                    dropped.append(DroppedCommit(sha: commit.id.hex, subject: ChangeEntry(Self.plain(commit)).headline))
                }
                count += 1
            }
        }
        return HistoryRewrite(replaced: range.replaced.map(\.hex) + range.unreadable, dropped: dropped, droppedCount: count,
                              unreadable: range.unreadable)
    }

    static func plain(_ commit: CommitText) -> ChangelogCommit {
        ChangelogCommit(sha: commit.id.hex, parentCount: commit.parentCount, message: commit.message,
                        authorName: commit.authorName, authorEmail: commit.authorEmail)
    }
}

/// A changelog builder fed in batches from one thread and run on its own serial queue.
private final class ConcurrentBuilder: @unchecked Sendable {
    static let batchSize = 256
    private var builder: ChangelogBuilder
    private let queue = DispatchQueue(label: "slipway.changelog.parse")

    init(_ builder: ChangelogBuilder) {
        self.builder = builder
    }

    func add(_ commits: [ChangelogCommit]) {
        queue.async { for commit in commits { self.builder.add(commit) } }
    }

    /// Waits for every batch, then finishes.
    func finish(from: String?, to: String, branch: String, basis: ChangeBasis, rewrite: HistoryRewrite?,
                stoppedAtLimit: Int?) -> Changelog {
        queue.sync {
            builder.finish(from: from, to: to, branch: branch, basis: basis, rewrite: rewrite, stoppedAtLimit: stoppedAtLimit)
        }
    }
}
