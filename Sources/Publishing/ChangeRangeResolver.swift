import Changelog
import Git
import History
import Intake
import Pipeline
import Settings
import SlipwayModel

/// The commits a changelog covers: reachable from `tip`, not from `excluded`, at most `limit`.
struct ChangeRange {
    var tip: ObjectID
    var excluded: [ObjectID]
    /// The lower bound shown to people (full SHA), nil when the range has none.
    var from: String?
    var basis: ChangeBasis
    var limit: Int?
    /// Earlier tips that are no longer ancestors of `tip` (a force-push), readable ones first.
    var replaced: [ObjectID] = []
    var unreadable: [String] = []
}

/// Works out where a build's changelog starts: the last successful build of the branch (for a
/// tag, of an earlier tag), else where the branch left the default branch, else the last
/// `changelog.first-build-limit` commits. Notices rewritten history (a force-push).
struct ChangeRangeResolver {
    let repository: Repository
    let store: HistoryStore
    let settings: SlipwaySettings

    /// The range of a build of `newSha` on `ref`, as run `number` (`Int64.max` for "the next build").
    func range(ref: String, refKind: RefKind, branch: String, newSha: String, oldSha: String?, before number: Int64) throws -> ChangeRange {
        guard let tip = ObjectID(hex: newSha) else { throw PipelineError.invalidSha(newSha) }
        let base = try baseBuild(ref: ref, refKind: refKind, tip: tip, before: number)
        var earlierTips: [String] = []
        if let oldSha, oldSha != newSha, !oldSha.allSatisfy({ $0 == "0" }) { earlierTips.append(oldSha) }
        if let base, base.sha != newSha, !earlierTips.contains(base.sha) { earlierTips.append(base.sha) }
        var replaced: [ObjectID] = []
        var unreadable: [String] = []
        for sha in earlierTips {
            guard let id = ObjectID(hex: sha) else { continue }
            if !repository.hasCommit(id) {
                unreadable.append(sha)
            } else if try !repository.isAncestor(id, of: tip) {
                replaced.append(id)
            }
        }
        var range: ChangeRange
        if let base, let id = ObjectID(hex: base.sha), repository.hasCommit(id) {
            range = ChangeRange(tip: tip, excluded: [id], from: base.sha, basis: base.basis, limit: nil)
        } else {
            range = try firstBuildRange(refKind: refKind, branch: branch, tip: tip)
        }
        range.replaced = replaced
        range.unreadable = unreadable
        return range
    }

    private func baseBuild(ref: String, refKind: RefKind, tip: ObjectID, before number: Int64) throws -> (sha: String, basis: ChangeBasis)? {
        if refKind == .tag {
            for run in try store.successfulTagRuns(before: number, limit: 50) {
                guard let id = ObjectID(hex: run.newSha), repository.hasCommit(id), try repository.isAncestor(id, of: tip) else { continue }
                return (run.newSha, .previousTagBuild(run: run.id, tag: run.branch, sha: run.newSha))
            }
            return nil
        }
        guard let last = try store.lastSuccessfulRun(ref: ref, before: number) else { return nil }
        return (last.newSha, .lastSuccessfulBuild(run: last.id, sha: last.newSha))
    }

    private func firstBuildRange(refKind: RefKind, branch: String, tip: ObjectID) throws -> ChangeRange {
        let defaultBranch = settings.defaultBranch
        if refKind == .branch, branch != defaultBranch, let defaultTip = try repository.target(of: "refs/heads/" + defaultBranch),
           let mergeBase = try repository.mergeBase(tip, defaultTip) {
            // What the branch adds over the default branch (also when it merged the default branch in later).
            return ChangeRange(tip: tip, excluded: [defaultTip], from: mergeBase.hex,
                               basis: .mergeBase(branch: defaultBranch, sha: mergeBase.hex), limit: nil)
        }
        let limit = settings.changelog.firstBuildLimit
        return ChangeRange(tip: tip, excluded: [], from: nil, basis: .recentCommits(limit: limit), limit: limit)
    }
}
