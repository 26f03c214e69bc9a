/// A ref update that should become a build.
package struct BuildRequest: Sendable, Equatable {
    package var ref: String
    package var branch: String
    package var refKind: RefKind
    package var oldSha: String
    package var newSha: String
    package var trigger: Trigger
    package var initiator: String
    package var policy: QueuePolicy
    /// Queue even when this SHA is already the last one queued for the ref (manual runs,
    /// retries); such requests also leave the ref's last-queued SHA alone.
    package var force = false
    package var retryOf: Int64?
    package var attempt = 1

    package init(ref: String, branch: String, refKind: RefKind, oldSha: String, newSha: String, trigger: Trigger,
                 initiator: String, policy: QueuePolicy) {
        self.ref = ref
        self.branch = branch
        self.refKind = refKind
        self.oldSha = oldSha
        self.newSha = newSha
        self.trigger = trigger
        self.initiator = initiator
        self.policy = policy
    }
}
