import Git
import History
import Pipeline
import Platform
import Settings
import SlipwayModel

/// `slipway run --branch B [--commit SHA]`: builds now, in the foreground, with live output.
/// The run bypasses the queue (it is recorded IN_PROGRESS for this process at once), so a
/// worker can never pick it up too.
package struct ManualRun {
    let factory: PipelineFactory
    let slots: BuildSlots

    package init(factory: PipelineFactory, slots: BuildSlots) {
        self.factory = factory
        self.slots = slots
    }

    /// Builds and returns the run's final record.
    package func run(branch: String, commit: String?, initiator: String, terminal: Int32?) throws -> RunRecord {
        let settings = factory.settings
        let repository = try Repository.open(settings.gitDirectory)
        let ref = "refs/heads/" + branch
        let sha: ObjectID
        if let commit {
            do {
                sha = try repository.resolveCommit(commit)
            } catch {
                throw ManualRunError.unknownCommit(commit, reason: "\(error)")
            }
        } else {
            guard let tip = try repository.target(of: ref) else { throw PipelineError.branchNotFound(branch) }
            sha = tip
        }
        let previous = try factory.store.refHeads()[ref] ?? String(repeating: "0", count: 40)
        var request = BuildRequest(ref: ref, branch: branch, refKind: .branch, oldSha: previous, newSha: sha.hex,
                                   trigger: .manual, initiator: initiator, policy: settings.queuePolicy(forBranch: branch))
        request.force = true
        // The server-wide limit applies to foreground builds too: wait for a slot, as a worker would.
        var slot = try slots.tryAcquire()
        if slot == nil { printError("slipway: waiting for a build slot: all \(slots.count) of this server's slots are in use (max-builds)") }
        while slot == nil {
            Clock.sleep(milliseconds: 250)
            slot = try slots.tryAcquire()
        }
        defer { slot?.release() }
        ReportLayoutMigration(settings: settings, store: factory.store).migrate { printError("slipway: " + $0) }
        let run = try factory.store.startImmediately(request, worker: .current)
        let context = try factory.makeContext(branch: branch, terminal: terminal, requestedVersion: commit ?? branch)
        let store = factory.store
        StopSignals.install()
        BuildPipeline(context: context).execute(run.claimed) {
            StopSignals.requested || ((try? store.isCancelRequested(run.id)) ?? false)
        }
        _ = try? Retention.prune(branch: branch, store: store, settings: settings)
        return try store.run(run.id) ?? run
    }
}

/// `slipway run` could not start.
package enum ManualRunError: Error, CustomStringConvertible {
    case unknownCommit(String, reason: String)

    package var description: String {
        switch self {
        case let .unknownCommit(commit, reason):
            return "'\(commit)' names no commit in this repository (\(reason)); give a SHA, a tag or a branch name"
        }
    }
}
