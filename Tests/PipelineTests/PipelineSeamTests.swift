import BuildSpec
import History
import Intake
import Pipeline
import Platform
import Runner
import Secrets
import Settings
import SlipwayModel
import TestSupport
import Testing

/// A pipeline over an in-memory source, a scripted executor and a recording publisher, on a
/// scratch database (real SQLite).
private struct Harness {
    let scratch = ScratchDirectory("seam")
    let executor = ScriptedExecutor()
    let publisher = RecordingPublisher()
    var settings: SlipwaySettings
    let store: HistoryStore
    let source: MemorySource

    init(buildspec: String) throws {
        settings = SlipwaySettings(gitDirectory: scratch.path)
        store = try HistoryStore.open(settings.paths.database)
        source = MemorySource(files: ["buildspec.yml": buildspec])
    }

    func context(images: ImagePublishing? = nil) -> PipelineContext {
        var context = PipelineContext(settings: settings, store: store, source: source, secrets: NoSecrets(), executor: executor)
        context.publisher = publisher
        context.images = images
        return context
    }

    func claim(worker: ProcessIdentity = .current) throws -> RunRecord {
        let request = BuildRequest(ref: "refs/heads/main", branch: "main", refKind: .branch, oldSha: RefUpdate.zeroSha,
                                   newSha: source.sha, trigger: .push, initiator: "test", policy: QueuePolicy())
        return try store.startImmediately(request, worker: worker)
    }

    func run(images: ImagePublishing? = nil) throws -> RunRecord {
        let run = try claim()
        BuildPipeline(context: context(images: images)).execute(run.claimed)
        return try #require(try store.run(run.id))
    }
}

private let fourPhases = """
    version: 0.2
    phases:
      install: {commands: [i]}
      pre_build: {commands: [p]}
      build: {commands: [b]}
      post_build: {commands: [q]}
    """

@Suite("The pipeline through the executor seam")
struct PipelineSeamTests {
    @Test("every status an executor reports ends the same way: history row, phases, one report for file, note and webhooks",
          arguments: [
              ([:], RunStatus.succeeded, ["INSTALL", "PRE_BUILD", "BUILD", "POST_BUILD"], [String]()),
              (["BUILD": BuildStatus.failed], .failed, ["INSTALL", "PRE_BUILD", "BUILD", "POST_BUILD"], []),
              (["INSTALL": .failed], .failed, ["INSTALL"], ["PRE_BUILD", "BUILD", "POST_BUILD"]),
              (["PRE_BUILD": .timedOut], .timedOut, ["INSTALL", "PRE_BUILD"], ["BUILD", "POST_BUILD"]),
              (["BUILD": .stopped], .stopped, ["INSTALL", "PRE_BUILD", "BUILD"], ["POST_BUILD"]),
              (["INSTALL": .fault], .fault, ["INSTALL"], ["PRE_BUILD", "BUILD", "POST_BUILD"]),
          ])
    func finishesEveryStatus(outcomes: [String: BuildStatus], expected: RunStatus, ran: [String], skipped: [String]) throws {
        let harness = try Harness(buildspec: fourPhases)
        harness.executor.outcomes = outcomes
        let run = try harness.run()
        #expect(run.status == expected)
        let rows = try harness.store.phases(of: run.id)
        #expect(rows.filter { $0.status != "SKIPPED" }.map(\.name) == ["DOWNLOAD_SOURCE"] + ran)
        #expect(rows.filter { $0.status == "SKIPPED" }.map(\.name) == skipped)
        let report = try readTextFile(try #require(run.reportPath))
        #expect(report.contains("Run #\(run.id) \(expected.rawValue)"))
        #expect(harness.publisher.calls == ["changelog", "planned", "note", "notify"])
        #expect(harness.publisher.notedReports == [report], "the git note is the report as written")
        #expect(harness.publisher.notifiedReports.map(\.report) == [report], "webhooks carry the same report")
        #expect(harness.publisher.notifiedReports.first?.status == expected.rawValue)
        #expect(report.contains("CHANGELOG.md updated") && report.contains("will be called"), "every note is in the one rendering")
        let log = try readTextFile(try #require(run.logPath))
        #expect(log.contains("Build complete: \(expected.rawValue)"))
        #expect(log.hasSuffix("Notification: Webhook http://127.0.0.1/… notified (HTTP 200).\n"), "delivery lines end the log")
    }

    @Test("a failed BUILD still runs POST_BUILD and skips the image step, saying why")
    func imagesSkippedAfterFailedBuild() throws {
        var harness = try Harness(buildspec: fourPhases)
        harness.settings.images.images = [ImageDefinition(name: "127.0.0.1:5000/app")]
        harness.executor.outcomes = ["BUILD": .failed]
        let run = try harness.run(images: LeakyImagePublisher(password: "never-used-password"))
        let rows = try harness.store.phases(of: run.id)
        #expect(rows.map(\.name) == ["DOWNLOAD_SOURCE", "INSTALL", "PRE_BUILD", "BUILD", "POST_BUILD", "IMAGES"])
        #expect(rows.last?.status == "SKIPPED" && rows.last?.context == "the BUILD phase did not succeed")
        #expect(try readTextFile(try #require(run.reportPath)).contains("Images were not built: the BUILD phase failed."))
        #expect(try harness.store.images(of: run.id).isEmpty)
    }

    @Test("a secret the image plan adds is masked from then on: log, exported variables, report; images recorded between BUILD and POST_BUILD")
    func secretsAddedLaterAreMaskedEverywhere() throws {
        let password = "registry-password-4d9f2c"
        var harness = try Harness(buildspec: """
            version: 0.2
            env:
              exported-variables: [TOKEN]
            phases:
              build: {commands: [b]}
              post_build: {commands: [q]}
            """)
        harness.settings.images.images = [ImageDefinition(name: "127.0.0.1:5000/app")]
        harness.executor.variables = ["TOKEN": "t-\(password)"]
        harness.executor.printed = { "phase \($0) prints \(password)" }
        let run = try harness.run(images: LeakyImagePublisher(password: password))
        #expect(run.status == .succeeded)
        #expect(try harness.store.phases(of: run.id).map(\.name) == ["DOWNLOAD_SOURCE", "BUILD", "IMAGES", "POST_BUILD"])
        let log = try readTextFile(try #require(run.logPath))
        #expect(log.contains("phase BUILD prints \(password)"), "before the plan read it, it was no secret of this run")
        #expect(log.contains("docker login with ***") && log.contains("phase POST_BUILD prints ***"))
        #expect(try harness.store.exportedVariables(of: run.id).map(\.value) == ["t-***"], "exports are masked with the whole set")
        #expect(try harness.store.images(of: run.id).map(\.status) == ["PUSHED"])
        #expect(!(try readTextFile(try #require(run.reportPath))).contains("t-\(password)"))
    }

    @Test("a build the executor cannot start (no such shell on the host) FAILS with its message, finished like any other")
    func executorThatCannotStart() throws {
        let harness = try Harness(buildspec: "version: 0.2\nenv:\n  shell: bash\nphases:\n  build: {commands: [b]}\n")
        let run = try harness.claim()
        var context = harness.context()
        context.executor = ShellExecutor.host
        context.hostEnvironment = ["PATH": harness.scratch.path]
        BuildPipeline(context: context).execute(run.claimed)
        let finished = try #require(try harness.store.run(run.id))
        #expect(finished.status == .failed)
        #expect(finished.error?.contains("env.shell bash is not installed on the build host") == true, "\(finished.error ?? "")")
        #expect(harness.publisher.notedReports.count == 1)
    }
}
