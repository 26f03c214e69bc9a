import BuildSpec
import Platform
import Runner
import SlipwayModel

/// UPLOAD_ARTIFACTS: the buildspec's test reports read, then its artifacts packed, after
/// POST_BUILD, attempted even when BUILD failed (CodeBuild's rule); an artifact pattern that
/// matches nothing fails the phase with CodeBuild's own context, a bad report file never does.
final class ArtifactStep {
    static let name = "UPLOAD_ARTIFACTS"
    let context: PipelineContext
    let run: ClaimedRun
    let paths: RunPaths
    let log: LogWriter
    private(set) var result = ArtifactResult()
    private(set) var reports = TestReportOutcome()

    init(context: PipelineContext, run: ClaimedRun, paths: RunPaths, log: LogWriter) {
        self.context = context
        self.run = run
        self.paths = paths
        self.log = log
    }

    func run(_ input: HostStepInput, artifacts: [ArtifactSpec], reports: [ReportGroupSpec]) -> HostStepOutcome {
        let container = ContainerLog(sink: log)
        let started = Clock.nowMilliseconds()
        container.line("Entering phase \(Self.name)")
        if let reader = context.testReports, !reports.isEmpty {
            self.reports = reader.read(groups: reports, sourceDirectory: paths.sourceDirectory, log: log)
        }
        if let publisher = context.artifacts, !artifacts.isEmpty {
            result = publisher.publish(run: run, artifacts: artifacts, sourceDirectory: paths.sourceDirectory,
                                       expand: input.expand, log: log)
        }
        let status: BuildStatus = result.failure == nil ? .succeeded : .failed
        container.line("Phase complete: \(Self.name) State: \(status.rawValue)")
        container.line("Phase context status code: \(result.failure.map { String($0.prefix { $0 != ":" }) } ?? "") Message: "
                       + (result.failure.map { String($0.drop { $0 != ":" }.dropFirst().drop { $0 == " " }) } ?? ""))
        return .ran(PhaseRecord(name: Self.name, status: status, exitCode: result.failure == nil ? 0 : 1, startedAt: started,
                                finishedAt: Clock.nowMilliseconds(), context: result.failure))
    }
}
