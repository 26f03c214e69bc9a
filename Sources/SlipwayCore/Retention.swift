import Artifacts
import History
import Intake
import Platform
import Settings

/// Keeps the newest `queue.keep-runs` finished runs of each branch. Older runs lose their work
/// directory, log and report; their history rows stay, marked pruned. Queued and running runs
/// are never touched.
package enum Retention {
    /// Prunes one branch; returns the numbers pruned.
    @discardableResult
    package static func prune(branch: String, store: HistoryStore, settings: SlipwaySettings) throws -> [Int64] {
        let old = try store.runsBeyondRetention(branch: branch, keep: settings.queue.keepRuns)
        for run in old {
            let artifacts = ArtifactPacker.directory(stateDirectory: settings.paths.state, run: run.id)
            for path in [run.workDir, run.logPath, run.reportPath, artifacts].compactMap({ $0 }) where isInside(path, settings) {
                try? removeTree(path)
            }
            try store.markPruned(run.id)
        }
        return old.map(\.id)
    }

    /// Only files under Slipway's own directories are ever removed.
    private static func isInside(_ path: String, _ settings: SlipwaySettings) -> Bool {
        [settings.paths.work, settings.paths.logs, settings.paths.reports, settings.paths.state].contains { root in
            path.hasPrefix(root + "/")
        }
    }
}
