import BuildSpec
import Pipeline
import Platform
import Runner
import SlipwayModel

/// An executor that runs no shell: each phase ends as the script says, printing a line to the
/// log; host steps run for real. It stands in for the shell, a sandbox or a remote engine.
final class ScriptedExecutor: BuildExecutor {
    /// The status each phase ends with, by CodeBuild name (missing: SUCCEEDED).
    var outcomes: [String: BuildStatus] = [:]
    /// Variable values the "shell" holds.
    var variables: [String: String] = [:]
    /// A line the build prints in each phase.
    var printed: (String) -> String = { "running \($0)" }
    private(set) var builds: [PreparedBuild] = []
    var kind: ExecutorKind { .host }

    func execute(_ build: PreparedBuild, log: LogWriter, events: ExecutionEvents,
                 shouldStop: @escaping () -> Bool) throws -> ExecutionResult {
        builds.append(build)
        events.started(.processGroup(0))
        let container = ContainerLog(sink: log)
        var result = StepSequence(steps: build.steps).run(log: log, phase: { phase, _ in
            let name = phase.name.codeBuildName
            container.line(self.printed(name))
            let status = self.outcomes[name] ?? .succeeded
            let now = Clock.nowMilliseconds()
            return PhaseRecord(name: name, status: status, exitCode: status == .succeeded ? 0 : 1, startedAt: now, finishedAt: now,
                               context: status == .succeeded ? nil : "COMMAND_EXECUTION_ERROR: scripted \(status.rawValue)")
        }, variables: { names in self.variables.filter { names.contains($0.key) } })
        result.exportedValues = variables.filter { build.exportNames.contains($0.key) }
        return result
    }
}

/// A publisher that records what it was given, in order.
final class RecordingPublisher: ResultPublishing {
    private(set) var calls: [String] = []
    private(set) var notedReports: [String] = []
    private(set) var notifiedReports: [(status: String, report: String)] = []

    func updateChangelog(_ finished: FinishedRun) -> String? {
        calls.append("changelog")
        return "CHANGELOG.md updated (\(finished.status.rawValue))"
    }

    func plannedNotifications(_ finished: FinishedRun) -> [String] {
        calls.append("planned")
        return ["Webhook http://127.0.0.1/… will be called"]
    }

    func attachReport(_ finished: FinishedRun) -> String? {
        calls.append("note")
        notedReports.append(finished.report)
        return nil
    }

    func notify(_ finished: FinishedRun, secrets: RunSecrets) -> [String] {
        calls.append("notify")
        notifiedReports.append((finished.status.rawValue, finished.report))
        return ["Webhook http://127.0.0.1/… notified (HTTP 200)."]
    }
}

/// An image publisher that reads a "registry password" and prints it, as a careless engine would.
struct LeakyImagePublisher: ImagePublishing {
    let password: String

    func publish(run: ClaimedRun, workDirectory: String, lookup: @escaping (String) -> String?, log: OutputSink,
                 secrets: RunSecrets) -> ImagePlanResult {
        secrets.add([password])
        ContainerLog(sink: log).line("docker login with \(password)")
        let image = PublishedImage(reference: "127.0.0.1:5000/app:\(run.newSha)", digest: "sha256:" + String(repeating: "a", count: 64),
                                   sizeBytes: 10, status: .pushed)
        return ImagePlanResult(images: [image], failure: nil)
    }
}
