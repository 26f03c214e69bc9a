import BuildSpec

/// CodeBuild's rules for what runs after a phase fails (codebuild-semantics.md §2.3 to §2.5):
///
/// - a failed INSTALL or PRE_BUILD ends the build (later phases are skipped);
/// - a failed BUILD still runs POST_BUILD, with CODEBUILD_BUILD_SUCCEEDING=0;
/// - `on-failure: ABORT` ends the build at that phase; `on-failure: CONTINUE` goes on;
/// - CODEBUILD_BUILD_SUCCEEDING turns 0 at the first failure and never returns to 1;
/// - a timeout or a stop ends the build at once.
package struct PhaseTransitions: Sendable {
    /// 1 while nothing has failed; CODEBUILD_BUILD_SUCCEEDING.
    package private(set) var succeeding = true
    /// Why later phases do not run, once the build has ended early.
    package private(set) var endReason: String?
    /// The build's status so far.
    package private(set) var status: BuildStatus = .succeeded

    package init() {}

    /// Nil when `phase` should run now, or the reason it is skipped.
    package func skipReason() -> String? {
        endReason
    }

    /// Records a phase's result and decides whether the build goes on.
    package mutating func record(_ phase: String, status phaseStatus: BuildStatus, onFailure: OnFailure?) {
        switch phaseStatus {
        case .succeeded, .skipped, .inProgress:
            return
        case .timedOut, .stopped, .fault:
            succeeding = false
            status = phaseStatus
            endReason = "\(phase) \(phaseStatus == .timedOut ? "timed out" : phaseStatus == .stopped ? "was stopped" : "faulted")"
        case .failed:
            succeeding = false
            if status == .succeeded { status = .failed }
            let aborts: Bool
            switch onFailure {
            case .abort?: aborts = true
            case .continue?: aborts = false
            case nil: aborts = phase == PhaseName.install.codeBuildName || phase == PhaseName.preBuild.codeBuildName
            }
            if aborts { endReason = "\(phase) failed" }
        }
    }

    /// Marks the build failed by something outside the phases (the image plan, say).
    package mutating func recordFailure(_ phase: String, endsBuild: Bool) {
        record(phase, status: .failed, onFailure: endsBuild ? .abort : .continue)
    }
}
