import BuildSpec
import Platform

/// Runs one buildspec phase in a build session and writes CodeBuild's log lines around it:
/// `Entering phase`, `Running command`, `Command did not exit successfully`, `Phase complete`
/// and `Phase context status code` (codebuild-semantics.md §2.6).
package struct PhaseExecutor {
    let session: BuildSession
    let log: ContainerLog

    package init(session: BuildSession, sink: OutputSink) {
        self.session = session
        self.log = ContainerLog(sink: sink)
    }

    /// Runs `commands`, then `finally` (also after a failed command, not after a timeout or a
    /// stop). The first failing command ends its list. `succeeding` is the value of
    /// CODEBUILD_BUILD_SUCCEEDING at the start; it turns 0 for `finally` once a command failed.
    package func run(_ phase: Phase, succeeding: Bool, extraVariables: [(String, String)] = []) -> PhaseRecord {
        let name = phase.name.codeBuildName
        let startedAt = Clock.nowMilliseconds()
        log.line("Entering phase \(name)")
        var record = PhaseRecord(name: name, status: .succeeded, exitCode: 0, startedAt: startedAt, finishedAt: startedAt)
        var stillSucceeding = succeeding
        lists: for list in [phase.commands, phase.finally] {
            for command in list {
                let variables = [("CODEBUILD_BUILD_SUCCEEDING", stillSucceeding ? "1" : "0")] + extraVariables
                log.line("Running command \(command.text)")
                let outcome = session.run(command.text, overrides: variables)
                if case .exited(0) = outcome { continue }
                stillSucceeding = false
                switch outcome {
                case .timedOut, .stopped:
                    // The build's time is over: nothing more runs, not even `finally`.
                    note(outcome, command: command, in: &record)
                    break lists
                default:
                    // The first failure names the phase's context; the list ends, `finally` still runs.
                    if record.status == .succeeded { note(outcome, command: command, in: &record) }
                    continue lists
                }
            }
        }
        record.finishedAt = Clock.nowMilliseconds()
        log.line("Phase complete: \(name) State: \(record.status.rawValue)")
        log.line("Phase context status code: \(record.context.map { contextCode($0) } ?? "") Message: \(record.context.map { contextMessage($0) } ?? "")")
        return record
    }

    private func note(_ outcome: CommandOutcome, command: BuildCommand, in record: inout PhaseRecord) {
        record.failedCommand = command.text
        record.failedCommandLine = command.line
        switch outcome {
        case .exited(let code):
            log.line("Command did not exit successfully \(command.text) exit status \(code)")
            record.status = .failed
            record.exitCode = code
            record.context = "COMMAND_EXECUTION_ERROR: Error while executing command: \(command.text). Reason: exit status \(code)"
        case .timedOut:
            log.line("Build timed out while running \(command.text)")
            record.status = .timedOut
            record.exitCode = nil
            record.context = "BUILD_TIMED_OUT: Build timed out while executing command: \(command.text)"
        case .stopped:
            log.line("Build stopped while running \(command.text)")
            record.status = .stopped
            record.exitCode = nil
            record.context = "BUILD_STOPPED: Build stopped while executing command: \(command.text)"
        case .couldNotStart(let reason):
            log.line("Command could not start \(command.text): \(reason)")
            record.status = .failed
            record.exitCode = 127
            record.context = "COMMAND_EXECUTION_ERROR: Could not start command: \(command.text). Reason: \(reason)"
        }
    }

    private func contextCode(_ context: String) -> String {
        String(context.prefix { $0 != ":" })
    }

    private func contextMessage(_ context: String) -> String {
        guard let colon = context.firstIndex(of: ":") else { return context }
        return String(context[context.index(after: colon)...].drop { $0 == " " })
    }
}
