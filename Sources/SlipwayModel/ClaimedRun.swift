/// The SlipwayModel module: the plain values every layer shares (refs and ref updates, triggers,
/// queue policies, run statuses, build requests, claimed runs, glob patterns, Docker tag rules).
/// It imports nothing, not even Foundation, so the fully static hook uses the same types as the
/// pipeline and the history.
///
/// A run a worker has claimed and is about to build: what the pipeline needs to know of it,
/// as a plain value (the history row it comes from is the `History` module's business).
package struct ClaimedRun: Sendable, Equatable {
    /// The run number, per repository, never reused.
    package var number: Int64
    /// A random UUID; CODEBUILD_BUILD_ID is `<project>:<buildId>`.
    package var buildId: String
    /// Full ref ("refs/heads/main").
    package var ref: String
    /// Branch or tag name ("main", "v1.2").
    package var branch: String
    package var refKind: RefKind
    /// SHA the ref had before the push (40 zeros for a new ref).
    package var oldSha: String
    /// SHA being built: the resolved source version (a tag object is peeled to its commit).
    package var newSha: String
    package var trigger: Trigger
    /// Who or what started it: CODEBUILD_INITIATOR.
    package var initiator: String
    /// Epoch milliseconds, once started.
    package var startedAt: Int64?
    /// 1 for the first try; requeues count up.
    package var attempt: Int

    package init(number: Int64, buildId: String, ref: String, branch: String, refKind: RefKind, oldSha: String,
                 newSha: String, trigger: Trigger, initiator: String, startedAt: Int64? = nil, attempt: Int = 1) {
        self.number = number
        self.buildId = buildId
        self.ref = ref
        self.branch = branch
        self.refKind = refKind
        self.oldSha = oldSha
        self.newSha = newSha
        self.trigger = trigger
        self.initiator = initiator
        self.startedAt = startedAt
        self.attempt = attempt
    }

    /// The run number (the same name history uses).
    package var id: Int64 { number }
}
