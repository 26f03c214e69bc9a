import Platform
import SlipwayModel
#if canImport(Glibc)
import Glibc
#endif

/// The post-receive hook: records ref updates in the queue and returns at once.
///
/// It never makes a push fail: a malformed line is reported and skipped while the other lines
/// still queue, and if the queue itself cannot be written the pusher is told to run
/// `slipway poll` (which compares branch tips with the queue and catches up).
package struct ReceiveHook {
    let rules: IntakeRules
    let workerExecutable: String
    let output: (String) -> Void
    /// The worker starts once this process has exited (git's receive-pack), or at once for 0.
    let startWorkerAfter: pid_t

    package init(rules: IntakeRules, workerExecutable: String, startWorkerAfter: pid_t = 0,
                 output: @escaping (String) -> Void) {
        self.rules = rules
        self.workerExecutable = workerExecutable
        self.startWorkerAfter = startWorkerAfter
        self.output = output
    }

    /// The process a worker should wait for: the hook's parent when git runs the hook (GIT_DIR
    /// is set) and pushes do not wait for their builds; otherwise none.
    package static func gitProcessToOutlive(rules: IntakeRules,
                                            environment: [String: String] = ProcessEnvironment.current()) -> pid_t {
        guard environment["GIT_DIR"] != nil, !rules.wait else { return 0 }
        return getppid()
    }

    /// What happened to a push.
    package enum Result: Equatable {
        /// The push was handled; these runs were queued.
        case handled(queued: [Int64])
        /// The queue's schema is not the one this binary writes (a fresh repository, or an
        /// upgrade): the full `slipway` binary must handle the push. Nothing was printed.
        case needsFullSlipway
    }

    /// Handles git's input, attributing the builds to `initiator`.
    package func receive(_ input: String, initiator: String) -> Result {
        let planner = IntakePlanner(rules: rules)
        var messages: [String] = []
        var requests: [BuildRequest] = []
        var deletedRefs: [String] = []
        for line in input.split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
            switch RefUpdate.parse(String(line)) {
            case .failure(let error):
                messages.append(error.description)
            case .success(let update):
                switch planner.decide(update, trigger: .push, initiator: initiator) {
                case .build(let request): requests.append(request)
                case .skip(let message): messages.append(message)
                case .deleted(let ref, let message):
                    deletedRefs.append(ref)
                    messages.append(message)
                }
            }
        }
        guard !requests.isEmpty || !deletedRefs.isEmpty else {
            messages.forEach(say)
            return .handled(queued: [])
        }
        let writer: QueueWriter
        do {
            let database = try RawSQLiteConnection(path: rules.paths.database)
            guard try database.userVersion() == QueueSchema.version else { return .needsFullSlipway }
            writer = QueueWriter(database: database)
        } catch {
            return fail(error, messages)
        }
        messages.forEach(say)
        do {
            for ref in deletedRefs { try writer.forgetRef(ref) }
            let queued = report(try writer.enqueue(requests), for: requests)
            if !queued.isEmpty {
                do {
                    try WorkerLauncher.ensureRunning(rules: rules, executable: workerExecutable, afterProcess: startWorkerAfter)
                } catch {
                    say("could not start a worker (\(error)); the builds stay queued: run `slipway worker --repo \(rules.gitDirectory)`")
                }
            }
            return .handled(queued: queued)
        } catch {
            return fail(error, [])
        }
    }

    private func fail(_ error: Error, _ pending: [String]) -> Result {
        pending.forEach(say)
        say("ERROR: the push was accepted but its builds could not be queued: \(error)")
        say("fix the problem, then run `slipway poll --repo \(rules.gitDirectory)` to queue the branches' new tips")
        return .handled(queued: [])
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
