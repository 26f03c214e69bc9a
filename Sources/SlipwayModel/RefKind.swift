/// Why a run was queued.
package enum Trigger: String, Sendable, Codable {
    /// A post-receive hook.
    case push
    /// `slipway poll` saw the branch move.
    case poll
    /// `slipway run`.
    case manual
    /// `slipway retry N`.
    case retry
    /// Queued again after its worker died.
    case requeue
}

/// Whether the ref is a branch or a tag.
package enum RefKind: String, Sendable, Codable {
    case branch
    case tag
}
