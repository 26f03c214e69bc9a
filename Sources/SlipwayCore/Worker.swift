import Dispatch
import History
import Intake
import Pipeline
import Platform
import Settings
import SlipwayModel

/// Drains the queue: builds up to `queue.concurrency` runs at once, each in its own work
/// directory, and exits when nothing is left. Only one worker per repository works at a time
/// (a flock the kernel releases if the worker dies).
package final class Worker: @unchecked Sendable {
    let settings: SlipwaySettings
    let store: HistoryStore
    let makeContext: (_ branch: String) throws -> PipelineContext
    let output: (String) -> Void
    /// The server-wide build limit, shared with every other repository's workers.
    let slots: BuildSlots
    private let identity = ProcessIdentity.current
    private let lock = DispatchSemaphore(value: 1)
    private let finished = DispatchSemaphore(value: 0)
    /// Webhook deliveries of finished runs, which no build waits for; the worker waits for
    /// them (each has its deadline, notify.deadline) before it exits.
    private let deliveries = DispatchGroup()
    private var running: Set<Int64> = []
    private var outOfSpace = false
    private var announcedLowSpace = false

    package init(settings: SlipwaySettings, store: HistoryStore, slots: BuildSlots,
                 makeContext: @escaping (_ branch: String) throws -> PipelineContext, output: @escaping (String) -> Void) {
        self.slots = slots
        self.settings = settings
        self.store = store
        self.makeContext = makeContext
        self.output = output
    }

    /// Builds until the queue is empty; returns how many runs were built, or nil when another
    /// worker already holds the queue.
    package func drain() throws -> Int? {
        guard var queueLock = try FileLock.tryAcquire(settings.paths.workerLock) else { return nil }
        ReportLayoutMigration(settings: settings, store: store).migrate(telling: say)
        var built = 0
        while true {
            for message in try Recovery(store: store, settings: settings).recoverOrphans() { say(message) }
            var waitingForSlot = false
            // A slot first, then a run: a build that waits for a slot stays QUEUED, so a worker
            // that dies while waiting loses nothing.
            while runningCount() < settings.queue.concurrency, !StopSignals.requested {
                if let free = lowOnSpace() {
                    if !announcedLowSpace {
                        say("not starting more builds: \(ByteCount.describe(free)) free on the filesystem of \(settings.paths.state); "
                            + "queued builds stay queued until space is freed and the next push, `slipway poll` or `slipway worker`")
                        announcedLowSpace = true
                    }
                    outOfSpace = true
                    break
                }
                guard let slot = try slots.tryAcquire() else {
                    waitingForSlot = true
                    break
                }
                guard let run = try store.claimNext(worker: identity) else {
                    slot.release()
                    break
                }
                start(run, slot: slot)
                built += 1
            }
            if waitingForSlot && runningCount() == 0 && !announcedWait {
                say("waiting for a build slot: all \(slots.count) of this server's slots are in use (max-builds)")
                announcedWait = true
            }
            if runningCount() == 0 && outOfSpace {
                break
            }
            if runningCount() == 0 {
                // Deliveries of finished runs go on in the background, holding no build: new runs
                // are claimed meanwhile, and the worker (and its lock) ends only when they are done.
                if deliveries.wait(timeout: .now() + .milliseconds(250)) == .timedOut { continue }
                if StopSignals.requested { break }
                // Release first, then look again: a push that lands after this look finds the
                // lock free and starts a new worker; one that landed before is seen here.
                queueLock.release()
                guard try store.hasQueuedRuns(), let again = try FileLock.tryAcquire(settings.paths.workerLock) else { break }
                queueLock = again
                if try waitingForSlot || store.claimableRunExists() == false {
                    // Queued runs wait behind runs of another process (a foreground `slipway run`).
                    Clock.sleep(milliseconds: 500)
                }
                continue
            }
            _ = finished.wait(timeout: .now() + .milliseconds(500))
        }
        deliveries.wait()
        return built
    }

    private var announcedWait = false

    private func start(_ run: RunRecord, slot: FileLock) {
        announcedWait = false
        lock.wait()
        running.insert(run.id)
        lock.signal()
        say("building #\(run.id) \(run.branch) at \(run.newSha.prefix(7))")
        DispatchQueue.global().async { [self] in
            let status = build(run)
            slot.release()
            lock.wait()
            running.remove(run.id)
            lock.signal()
            say("#\(run.id) \(status.rawValue)")
            finished.signal()
        }
    }

    private func build(_ run: RunRecord) -> RunStatus {
        do {
            var context = try makeContext(run.branch)
            let deliveries = self.deliveries
            context.deliverNotifications = { work in
                let box = UncheckedWork(work)
                DispatchQueue.global().async(group: deliveries) { box.work() }
            }
            let store = self.store
            let status = BuildPipeline(context: context).execute(run.claimed) {
                StopSignals.requested || ((try? store.isCancelRequested(run.id)) ?? false)
            }
            _ = try? Retention.prune(branch: run.branch, store: store, settings: settings)
            return status
        } catch {
            // The pipeline could not even be set up (the repository is unreadable): record a FAULT.
            let outcome = RunOutcome(status: .fault, finishedAt: Clock.nowMilliseconds(),
                                     error: "Slipway could not start the build: \(error)")
            try? store.finish(run.id, outcome)
            return .fault
        }
    }

    private func runningCount() -> Int {
        lock.wait()
        defer { lock.signal() }
        return running.count
    }

    /// The free bytes when too few are left to start a build and record it (its reserve and
    /// some room for the log), else nil.
    private func lowOnSpace() -> Int64? {
        guard let free = DiskSpace.available(at: settings.paths.state), free < DiskSpace.reserveBytes + (1 << 20) else { return nil }
        return free
    }

    private func say(_ message: String) {
        output("[\(Clock.iso8601(Clock.nowMilliseconds()))] worker \(identity.pid): \(message)")
    }
}

/// A delivery closure handed to another thread; it touches only its own run's files.
private struct UncheckedWork: @unchecked Sendable {
    let work: () -> Void
    init(_ work: @escaping () -> Void) { self.work = work }
}
