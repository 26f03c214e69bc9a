import History
import Masking
import Platform
import Reporting
import Runner

extension BuildPipeline {
    /// Ends a run whatever happened: log tail, changes, report, history, publishing, retention.
    func finish(_ state: inout RunState, paths: RunPaths, log: LogWriter?) -> RunStatus {
        let masker = log?.currentMasker ?? .none
        if state.status == .inProgress { state.status = .fault }
        let finishedAt = Clock.nowMilliseconds()
        ContainerLog(sink: log ?? NullSink()).line("Build complete: \(state.status.rawValue)")
        log?.finish()
        if state.status == .succeeded || state.status == .failed {
            state.changes = context.changes?.describeChanges(for: state.run)
        }
        var report = makeReport(state, masker: masker, finishedAt: finishedAt, logPath: log?.path)
        var text = render(report, state: &state)
        writeReport(text, to: paths.report, state: &state)
        var outcome = RunOutcome(status: state.status, finishedAt: finishedAt,
                                 phases: phaseRows(state, masker: masker), exportedVariables: state.exportedVariables,
                                 warnings: state.warnings.map(masker.mask), error: state.failure.map(masker.mask),
                                 reportPath: fileExists(paths.report) ? paths.report : nil)
        outcome.images = state.images.enumerated().map { index, image in
            ImageRow(runNumber: state.run.id, position: index, reference: masker.mask(image.reference), digest: image.digest,
                     sizeBytes: image.sizeBytes, status: image.status, note: image.note.map(masker.mask))
        }
        outcome.subject = state.commit.map { masker.mask($0.subject) }
        outcome.author = state.commit.map { masker.mask($0.author) }
        do {
            try context.store.finish(state.run.id, outcome)
        } catch {
            printError("slipway: could not record run #\(state.run.id) in \(context.store.path): \(error)")
        }
        if let publisher = context.publisher {
            var run = state.run
            run.status = state.status
            run.finishedAt = finishedAt
            // Commit messages can hold secret values too: everything published is masked.
            let changes = state.changes.map { changes in
                ChangeSummary(markdown: masker.mask(changes.markdown), json: masker.mask(changes.json), commitCount: changes.commitCount,
                              summary: masker.mask(changes.summary), headlines: changes.headlines.map(masker.mask),
                              rewritten: changes.rewritten)
            }
            var finished = FinishedRun(run: run, report: text, reportPath: paths.report, changes: changes, images: state.images,
                                       subject: masker.mask(state.commit?.subject ?? ""), author: masker.mask(state.commit?.author ?? ""))
            let notes = publisher.announce(finished, masker: masker).map(masker.mask)
            if !notes.isEmpty {
                report.notes = notes
                text = render(report, state: &state)
                writeReport(text, to: paths.report, state: &state)
            }
            finished.report = text
            if let problem = publisher.attachReport(finished, finalReport: text) {
                report.notes.append(masker.mask(problem))
                writeReport(render(report, state: &state), to: paths.report, state: &state)
            }
        }
        return state.status
    }

    private func makeReport(_ state: RunState, masker: SecretMasker, finishedAt: Int64, logPath: String?) -> RunReport {
        let run = state.run
        var report = RunReport(
            number: run.id, status: state.status.rawValue, repository: context.source.displayName, branch: run.branch,
            refKind: run.refKind.rawValue, sha: run.newSha, shortSha: String(run.newSha.prefix(context.settings.images.shortShaLength)),
            trigger: run.trigger.rawValue, initiator: masker.mask(run.initiator),
            buildId: "\(context.source.displayName):\(run.buildId)",
            subject: masker.mask(state.commit?.subject ?? ""), author: masker.mask(state.commit?.author ?? ""))
        report.previousSha = run.oldSha
        report.startedAt = run.startedAt
        report.finishedAt = finishedAt
        report.failure = state.failure.map(masker.mask)
        report.phases = state.phases.map { phase in
            RunReport.PhaseLine(name: phase.name, status: phase.status.rawValue, durationMilliseconds: phase.durationMilliseconds,
                                exitCode: phase.exitCode, note: phase.failedCommandLine.map { "line \($0): \(phase.failedCommand ?? "")" }
                                    .map(masker.mask))
        } + state.skipped.map { RunReport.PhaseLine(name: $0.name, status: "SKIPPED", durationMilliseconds: nil, exitCode: nil, note: $0.reason) }
        report.images = state.images.map {
            RunReport.ImageLine(reference: masker.mask($0.reference), digest: $0.digest, sizeBytes: $0.sizeBytes,
                                status: $0.status, note: $0.note.map(masker.mask))
        }
        report.imagesNote = state.imagesNote
        report.changesMarkdown = state.changes.map { masker.mask($0.markdown) }
        report.exportedVariables = state.exportedVariables
        report.warnings = state.warnings.map(masker.mask)
        report.supersededRuns = ((try? context.store.runsSuperseded(by: run.id)) ?? []).map { "#\($0.id) (\($0.newSha.prefix(7)))" }
        if let logPath, state.status != .succeeded {
            let failing = state.failingPhase
            let range = failing.flatMap { state.phaseLogRanges[$0.name] }
            report.logTail = LogTail.lastLines(of: logPath, range: range, count: 50)
            report.logTailTitle = failing.map { "Log tail: \($0.name), last 50 lines" } ?? "Log tail: last 50 lines"
        }
        return report
    }

    private func render(_ report: RunReport, state: inout RunState) -> String {
        if let path = context.settings.reportTemplate {
            do {
                return try report.render(template: try readTextFile(path), templateName: path)
            } catch {
                state.warnings.append("report template \(path) could not be used (\(error)); the built-in template was used")
            }
        }
        do {
            return try report.render()
        } catch {
            return "# Run #\(report.number) \(report.status)\n\n\(report.failure ?? "")\n"
        }
    }

    private func writeReport(_ text: String, to path: String, state: inout RunState) {
        do {
            try makeDirectories(parentDirectory(path))
            try writeTextFileAtomically(path, text)
        } catch {
            state.warnings.append("the report could not be written to \(path): \(error)")
            printError("slipway: could not write report \(path): \(error)")
        }
    }

    private func phaseRows(_ state: RunState, masker: SecretMasker) -> [PhaseRow] {
        var rows = state.phases.enumerated().map { index, phase in
            PhaseRow(runNumber: state.run.id, position: index, name: phase.name, status: phase.status.rawValue,
                     exitCode: phase.exitCode, startedAt: phase.startedAt, finishedAt: phase.finishedAt,
                     context: phase.context.map(masker.mask))
        }
        let now = Clock.nowMilliseconds()
        for (offset, skipped) in state.skipped.enumerated() {
            rows.append(PhaseRow(runNumber: state.run.id, position: state.phases.count + offset, name: skipped.name,
                                 status: "SKIPPED", exitCode: nil, startedAt: now, finishedAt: now, context: skipped.reason))
        }
        return rows
    }
}

/// A sink that drops everything, for messages when no log exists.
final class NullSink: OutputSink {
    func write(_ bytes: UnsafeRawBufferPointer) {}
}

/// Writes a line to standard error.
package func printError(_ message: String) {
    var line = message + "\n"
    line.withUTF8 { _ = try? FileDescriptor.writeAll(pieces: [UnsafeRawBufferPointer($0)], to: 2) }
}
