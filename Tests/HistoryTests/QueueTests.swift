@testable import History
import Intake
import Platform
import Settings
import SlipwayModel
import TestSupport
import Testing

private func request(_ ref: String, _ sha: Character, mode: QueueMode = .supersede, cancel: Bool = false) -> BuildRequest {
    BuildRequest(ref: "refs/heads/" + ref, branch: ref, refKind: .branch, oldSha: String(repeating: "0", count: 40),
                 newSha: String(repeating: sha, count: 40), trigger: .push, initiator: "test",
                 policy: QueuePolicy(mode: mode, cancelRunning: cancel))
}

private func numbers(_ outcomes: [EnqueueOutcome]) -> [Int64] {
    outcomes.compactMap { if case let .queued(number, _, _) = $0 { return number } else { return nil } }
}

@Suite("History: the queue")
struct QueueTests {
    let scratch = ScratchDirectory("history")
    var path: String { scratch.file("state/history.sqlite") }

    @Test("supersede: a newer push replaces queued runs of the branch, and they point to it")
    func supersede() throws {
        let store = try HistoryStore.open(path)
        let first = numbers(try store.enqueue([request("main", "a")]))
        let second = numbers(try store.enqueue([request("main", "b")]))
        let outcomes = try store.enqueue([request("main", "c"), request("dev", "d")])
        #expect(first + second == [1, 2])
        #expect(outcomes.first == .queued(number: 3, superseded: [2], cancelled: []), "run 1 was already replaced by run 2")
        let runs = try store.allRuns()
        #expect(runs.map(\.status) == [.superseded, .superseded, .queued, .queued])
        #expect(runs.map(\.supersededBy) == [2, 3, nil, nil])
        #expect(try store.runsSuperseded(by: 3).map(\.id) == [1, 2], "the chain 1 → 2 → 3 is followed")
    }

    @Test("queue mode keeps every push and builds one at a time, in order")
    func queueMode() throws {
        let store = try HistoryStore.open(path)
        _ = try store.enqueue([request("main", "a", mode: .queue), request("main", "b", mode: .queue)])
        let me = ProcessIdentity.current
        #expect(try store.claimNext(worker: me)?.newSha.first == "a")
        #expect(try store.claimNext(worker: me) == nil, "the second waits for the first")
        try store.finish(1, RunOutcome(status: .succeeded, finishedAt: Clock.nowMilliseconds()))
        #expect(try store.claimNext(worker: me)?.newSha.first == "b")
    }

    @Test("parallel mode lets runs of one branch build side by side")
    func parallelMode() throws {
        let store = try HistoryStore.open(path)
        _ = try store.enqueue([request("main", "a", mode: .parallel), request("main", "b", mode: .parallel)])
        let me = ProcessIdentity.current
        #expect(try store.claimNext(worker: me) != nil)
        #expect(try store.claimNext(worker: me) != nil)
    }

    @Test("a SHA already queued for the ref is not queued twice (hook and poll agree)")
    func deduplicates() throws {
        let store = try HistoryStore.open(path)
        _ = try store.enqueue([request("main", "a")])
        #expect(try store.enqueue([request("main", "a")]) == [.alreadyQueued(sha: String(repeating: "a", count: 40))])
        try store.forgetRef("refs/heads/main")
        #expect(numbers(try store.enqueue([request("main", "a")])) == [2], "after a deletion the branch is new again")
    }

    @Test("cancel-running flags the running build of the branch")
    func cancelRunning() throws {
        let store = try HistoryStore.open(path)
        _ = try store.enqueue([request("main", "a")])
        _ = try store.claimNext(worker: .current)
        let outcomes = try store.enqueue([request("main", "b", cancel: true)])
        #expect(outcomes == [.queued(number: 2, superseded: [], cancelled: [1])])
        #expect(try store.isCancelRequested(1))
    }

    @Test("run numbers are never reused, across processes and reopenings")
    func numbersAreNeverReused() throws {
        var seen: [Int64] = []
        for round in 0..<3 {
            let store = try HistoryStore.open(path)
            seen += numbers(try store.enqueue([request("b\(round)", "a"), request("c\(round)", "b")]))
        }
        #expect(seen == [1, 2, 3, 4, 5, 6])
    }

    @Test("a run whose worker is dead is interrupted and queued again, once")
    func interruptedRuns() throws {
        let store = try HistoryStore.open(path)
        _ = try store.enqueue([request("main", "a")])
        let dead = ProcessIdentity(pid: 999_999, startTime: 1)
        let run = try #require(try store.claimNext(worker: dead))
        #expect(try store.orphanedRuns().map(\.id) == [run.id])
        let again = try #require(try store.markInterrupted(run, reason: "worker died", maxRequeues: 1))
        #expect(again == 2)
        #expect(try store.markInterrupted(run, reason: "twice", maxRequeues: 1) == nil, "only one process recovers it")
        let retried = try #require(try store.claimNext(worker: dead))
        #expect(retried.attempt == 2 && retried.retryOf == 1 && retried.trigger == .requeue)
        #expect(try store.markInterrupted(retried, reason: "died again", maxRequeues: 1) == 0, "no second requeue")
        #expect(try store.run(1)?.status == .interrupted)
    }

    @Test("cancelling a queued run stops it at once; a finished run cannot be cancelled")
    func cancel() throws {
        let store = try HistoryStore.open(path)
        _ = try store.enqueue([request("main", "a")])
        #expect(try store.requestCancel(1).status == .queued)
        #expect(try store.run(1)?.status == .stopped)
        #expect(throws: HistoryError.alreadyFinished(1, .stopped)) { try store.requestCancel(1) }
        #expect(throws: HistoryError.noSuchRun(42)) { try store.requestCancel(42) }
    }

    @Test("retention lists finished runs beyond the newest K, never queued ones")
    func retention() throws {
        let store = try HistoryStore.open(path)
        for sha in ["a", "b", "c", "d"] {
            _ = try store.enqueue([request("main", Character(sha), mode: .queue)])
        }
        for number in Int64(1)...3 { try store.finish(number, RunOutcome(status: .failed, finishedAt: 1)) }
        #expect(try store.runsBeyondRetention(branch: "main", keep: 1).map(\.id) == [2, 1])
    }
}
