import History
import Platform
import Settings

/// The post-receive hook: records ref updates in the queue and returns at once.
///
/// It never makes a push fail: a malformed line is reported and skipped while the other lines
/// still queue, and if the queue itself cannot be written the pusher is told to run
/// `slipway poll` (which compares branch tips with the queue and catches up).
package struct ReceiveHook {
    let settings: SlipwaySettings
    let workerExecutable: String
    let output: (String) -> Void

    package init(settings: SlipwaySettings, workerExecutable: String, output: @escaping (String) -> Void) {
        self.settings = settings
        self.workerExecutable = workerExecutable
        self.output = output
    }

    /// Handles git's input; returns the numbers of the runs queued.
    package func receive(_ input: String, initiator: String) -> [Int64] {
        let planner = IntakePlanner(settings: settings)
        var requests: [BuildRequest] = []
        var deletedRefs: [String] = []
        for line in input.split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
            switch RefUpdate.parse(String(line)) {
            case .failure(let error):
                say(error.description)
            case .success(let update):
                switch planner.decide(update, trigger: .push, initiator: initiator) {
                case .build(let request): requests.append(request)
                case .skip(let message): say(message)
                case .deleted(let ref, let message):
                    deletedRefs.append(ref)
                    say(message)
                }
            }
        }
        guard !requests.isEmpty || !deletedRefs.isEmpty else { return [] }
        do {
            let store = try HistoryStore.open(settings.paths.database)
            for ref in deletedRefs { try store.forgetRef(ref) }
            guard !requests.isEmpty else { return [] }
            let outcomes = try store.enqueue(requests)
            let queued = report(outcomes, for: requests)
            if !queued.isEmpty {
                do {
                    try WorkerLauncher.ensureRunning(settings: settings, executable: workerExecutable)
                } catch {
                    say("could not start a worker (\(error)); the builds stay queued: run `slipway worker --repo \(settings.gitDirectory)`")
                }
            }
            return queued
        } catch {
            say("ERROR: the push was accepted but its builds could not be queued: \(error)")
            say("fix the problem, then run `slipway poll --repo \(settings.gitDirectory)` to queue the branches' new tips")
            return []
        }
    }

    private func report(_ outcomes: [EnqueueOutcome], for requests: [BuildRequest]) -> [Int64] {
        var queued: [Int64] = []
        for (outcome, request) in zip(outcomes, requests) {
            let short = String(request.newSha.prefix(7))
            switch outcome {
            case let .queued(number, superseded, cancelled):
                queued.append(number)
                say("queued build #\(number) for \(request.branch) at \(short)")
                for old in superseded { say("build #\(old) (queued) is superseded by #\(number)") }
                for old in cancelled { say("asked running build #\(old) to stop (cancel-running)") }
            case .alreadyQueued:
                say("\(request.branch) at \(short) is already queued; nothing new to build")
            }
        }
        return queued
    }

    private func say(_ message: String) {
        output("slipway: \(message)")
    }
}
