import Git
import History
import Intake
import Platform
import Settings
import SlipwayModel

/// `slipway poll`: compares each configured branch's tip with the last SHA queued for it and
/// queues what is new (new branches, moved branches, force-pushes). Overlapping polls never
/// queue twice: a flock lets one poll run at a time, and queueing is skipped for a SHA that is
/// already the last one queued (so a poll and a hook that see the same push agree).
package struct Poller {
    let settings: SlipwaySettings
    let store: HistoryStore

    package init(settings: SlipwaySettings, store: HistoryStore) {
        self.settings = settings
        self.store = store
    }

    /// What a poll did.
    package struct Result: Sendable {
        package var queued: [Int64] = []
        package var messages: [String] = []
        /// False when another poll held the lock.
        package var ran = true
    }

    /// Polls once; `fetchRemote` first fetches that remote's branches and tags into the repository.
    package func poll(fetchRemote: String? = nil) throws -> Result {
        try makeDirectories(settings.paths.state, mode: 0o700)
        guard let lock = try FileLock.tryAcquire(settings.paths.pollLock) else {
            return Result(messages: ["another slipway poll is running; nothing to do"], ran: false)
        }
        defer { lock.release() }
        var result = Result()
        let repository = try Repository.open(settings.gitDirectory)
        if let fetchRemote {
            try repository.fetchMirror(from: fetchRemote)
        }
        result.messages += try Recovery(store: store, settings: settings).recoverOrphans()
        let known = try store.refHeads()
        var tips: [String: String] = [:]
        for reference in try repository.branches() { tips[reference.name] = reference.target.hex }
        if !settings.tagPatterns.isEmpty {
            for reference in try repository.references(matching: "refs/tags/*") { tips[reference.name] = reference.target.hex }
        }
        let planner = IntakePlanner(rules: settings.intakeRules)
        var requests: [BuildRequest] = []
        for (ref, sha) in tips.sorted(by: { $0.key < $1.key }) where known[ref] != sha {
            let previous = known[ref] ?? RefUpdate.zeroSha
            if case .build(let request) = planner.decide(RefUpdate(oldSha: previous, newSha: sha, ref: ref), trigger: .poll,
                                                         initiator: "slipway/poll") {
                requests.append(request)
                if previous != RefUpdate.zeroSha, let old = ObjectID(hex: previous), let new = ObjectID(hex: sha),
                   repository.hasCommit(old), (try? repository.isAncestor(old, of: new)) == false {
                    result.messages.append("\(request.branch) was force-pushed: \(previous.prefix(7)) is not an ancestor of \(sha.prefix(7))")
                }
            }
        }
        for ref in known.keys where tips[ref] == nil && (ref.hasPrefix("refs/heads/") || ref.hasPrefix("refs/tags/")) {
            try store.forgetRef(ref)
            result.messages.append("\(ref) was deleted; nothing to build")
        }
        for (outcome, request) in zip(try store.enqueue(requests), requests) {
            if case let .queued(number, superseded, _) = outcome {
                result.queued.append(number)
                result.messages.append("queued build #\(number) for \(request.branch) at \(request.newSha.prefix(7))"
                                       + (superseded.isEmpty ? "" : " (supersedes \(superseded.map { "#\($0)" }.joined(separator: ", ")))"))
            }
        }
        return result
    }
}
