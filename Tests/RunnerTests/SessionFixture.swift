import BuildSpec
import Platform
@testable import Runner
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A build session in a scratch directory, with collected output.
final class SessionFixture {
    let scratch = ScratchDirectory("runner")
    let sink = CollectingSink()
    let session: BuildSession
    let marker: String

    /// `output` receives the build's output instead of `sink` (which then stays empty).
    init(carriesState: Bool = true, shell: String = "/bin/sh", environment: [String: String] = [:],
         timeoutMilliseconds: Int64? = nil, output: OutputSink? = nil, shouldStop: @escaping () -> Bool = { false }) throws {
        try makeDirectories(scratch.file("src"))
        var base = ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/root", "CODEBUILD_SRC_DIR": scratch.file("src")]
        for (key, value) in environment { base[key] = value }
        marker = "test-\(getpid())-\(UInt64.random(in: 1...UInt64.max))"
        var settings = SessionSettings(
            shellPath: shell, carriesState: carriesState, sourceDirectory: scratch.file("src"),
            stateDirectory: scratch.file("state"), environment: base,
            marker: ("SLIPWAY_RUN_TOKEN", marker),
            deadline: timeoutMilliseconds.map { Clock.monotonicMilliseconds() + $0 })
        settings.killGraceMilliseconds = 1000
        session = try BuildSession(settings: settings, sink: output ?? sink, shouldStop: shouldStop)
    }

    /// Runs commands one by one, returning the outcomes.
    @discardableResult
    func run(_ commands: String...) -> [CommandOutcome] {
        commands.map { session.run($0, overrides: []) }
    }

    /// Runs a phase made of these commands.
    func phase(_ name: PhaseName, _ commands: [String], finally: [String] = [], succeeding: Bool = true) -> PhaseRecord {
        let phase = Phase(name: name, commands: commands.enumerated().map { BuildCommand(text: $1, line: $0 + 1) },
                          finally: finally.enumerated().map { BuildCommand(text: $1, line: 100 + $0) })
        return PhaseExecutor(session: session, sink: sink).run(phase, succeeding: succeeding)
    }
}
