import SlipwayModel


/// What to do with one ref update.
package enum IntakeDecision: Sendable, Equatable {
    /// Build it.
    case build(BuildRequest)
    /// Do not build it; the message says why, for the pusher.
    case skip(String)
    /// The ref was deleted: forget it, build nothing.
    case deleted(ref: String, message: String)
}

/// Decides which ref updates build, by the server's patterns. Pure: no repository, no database.
package struct IntakePlanner: Sendable {
    let rules: IntakeRules

    package init(rules: IntakeRules) {
        self.rules = rules
    }

    /// The decision for one update, arriving by `trigger` and started by `initiator`.
    package func decide(_ update: RefUpdate, trigger: Trigger, initiator: String) -> IntakeDecision {
        let ref = update.ref
        let kind: RefKind
        let name: String
        if ref.hasPrefix("refs/heads/") {
            kind = .branch
            name = String(ref.dropFirst("refs/heads/".count))
        } else if ref.hasPrefix("refs/tags/") {
            kind = .tag
            name = String(ref.dropFirst("refs/tags/".count))
        } else {
            return .skip("skipped \(ref): only branches and tags build")
        }
        if update.isDeletion {
            return .deleted(ref: ref, message: "\(kind == .branch ? "branch" : "tag") \(name) deleted; nothing to build")
        }
        let patterns = kind == .branch ? rules.branchPatterns : rules.tagPatterns
        guard anyGlobMatches(patterns, name) else {
            if kind == .tag && patterns.isEmpty {
                return .skip("skipped tag \(name): tags do not build (add a 'tags:' pattern to slipway.yml to build them)")
            }
            let listed = patterns.isEmpty ? "none" : patterns.joined(separator: ", ")
            return .skip("skipped \(kind == .branch ? "branch" : "tag") \(name): it matches no pattern in slipway.yml (\(listed))")
        }
        let policy = kind == .branch ? rules.queuePolicy(forBranch: name) : QueuePolicy(mode: .queue)
        return .build(BuildRequest(ref: ref, branch: name, refKind: kind, oldSha: update.oldSha, newSha: update.newSha,
                                   trigger: trigger, initiator: initiator, policy: policy))
    }
}
