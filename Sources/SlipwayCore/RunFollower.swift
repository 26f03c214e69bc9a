import History
import Platform
import SlipwayModel

#if canImport(Glibc)
import Glibc
#endif

/// Streams queued runs' logs until they finish (for `queue.wait` and `--wait`), then prints
/// each result. Follows a superseding run when its own run is replaced.
package struct RunFollower {
    let store: HistoryStore
    let output: (String) -> Void
    let write: (UnsafeRawBufferPointer) -> Void

    package init(store: HistoryStore, output: @escaping (String) -> Void, write: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.store = store
        self.output = output
        self.write = write
    }

    /// Follows the runs in order; returns true when every followed run succeeded.
    package func follow(_ numbers: [Int64], pollMilliseconds: Int = 100) throws -> Bool {
        var pending = numbers
        var allSucceeded = true
        while !pending.isEmpty {
            let number = pending.removeFirst()
            var offset: Int64 = 0
            while true {
                guard let run = try store.run(number) else { break }
                if let logPath = run.logPath { offset = copyNewBytes(logPath, from: offset) }
                if run.status.isFinished {
                    if let logPath = run.logPath { offset = copyNewBytes(logPath, from: offset) }
                    allSucceeded = allSucceeded && run.status == .succeeded
                    describe(run)
                    if run.status == .superseded, let next = run.supersededBy, !pending.contains(next) {
                        pending.insert(next, at: 0)
                    }
                    break
                }
                Clock.sleep(milliseconds: pollMilliseconds)
            }
        }
        return allSucceeded
    }

    private func describe(_ run: RunRecord) {
        var line = "slipway: build #\(run.id) \(run.status.rawValue)"
        if let duration = run.durationMilliseconds { line += " in \(Clock.describeDuration(milliseconds: duration))" }
        if let superseded = run.supersededBy { line += " by #\(superseded)" }
        if let report = run.reportPath { line += "; report: \(report)" }
        output(line)
    }

    private func copyNewBytes(_ path: String, from offset: Int64) -> Int64 {
        var position = offset
        try? copyFile(path, from: &position, to: write)
        return position
    }
}
