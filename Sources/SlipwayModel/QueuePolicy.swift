/// How queued pushes of one branch are handled (CodePipeline's execution modes, §7.3).
package enum QueueMode: String, Sendable, CaseIterable {
    /// A newer push replaces a queued, not yet started build of the same branch.
    case supersede
    /// Every push builds, one at a time, in order.
    case queue
    /// Builds of the branch run independently, side by side.
    case parallel
}

/// The queue rules that apply to one branch.
package struct QueuePolicy: Sendable, Equatable {
    package var mode: QueueMode = .supersede
    /// Stop a running build of the branch when a newer push arrives.
    package var cancelRunning = false

    package init(mode: QueueMode = .supersede, cancelRunning: Bool = false) {
        self.mode = mode
        self.cancelRunning = cancelRunning
    }
}

/// A queue policy for the branches matching a pattern.
package struct BranchPolicy: Sendable, Equatable {
    package var pattern: String
    package var policy: QueuePolicy

    package init(pattern: String, policy: QueuePolicy) {
        self.pattern = pattern
        self.policy = policy
    }
}
