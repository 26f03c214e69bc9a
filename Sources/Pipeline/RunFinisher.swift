import History
import Masking
import Platform
import Reporting
import Runner
import Secrets
import SlipwayModel

/// The one way a run ends, for a build that ran and for one whose worker died alike. In order:
/// the log's last line; the changes since the last good build; CHANGELOG.md; the report,
/// rendered once, with every Notifications line known by then; the report as a git note (the
/// same text); the history row (the same report path, every warning); then the webhooks, whose
/// body carries that report and whose outcomes go to the run's log.
package struct RunFinisher {
    let context: PipelineContext

    package init(context: PipelineContext) {
        self.context = context
    }

    /// Finishes `result`; `log` is the run's log (nil when it could not be created). Returns the final status.
    @discardableResult
    package func finish(_ input: RunResult, log: LogWriter?) -> RunStatus {
        var result = input
        let paths = RunPaths(settings: context.settings, run: result.run)
        // The reserve kept since the build started makes room for everything below.
        DiskSpace.release(paths.reserve)
        let secrets = log?.secrets ?? RunSecrets(values: context.secrets.repositorySecretValues())
        let masker = secrets.masker
        if result.status == .inProgress { result.status = .fault }
        let finishedAt = Clock.nowMilliseconds()
        // A report that cannot be written is the run's fault, known before anything is published.
        let reportProblem = reserveReport(paths.report)
        if let reportProblem { fault(&result, reportProblem) }
        ContainerLog(sink: log ?? NullSink()).line("Build complete: \(result.status.rawValue)")
        log?.finish()
        var changes: ChangeSummary?
        if result.status == .succeeded || result.status == .failed {
            // Commit messages can hold secret values too: everything published is masked.
            changes = context.changes?.describeChanges(for: result.run).map { masked($0, masker) }
        }
        var finished = FinishedRun(run: result.run, status: result.status, finishedAt: finishedAt, report: "",
                                   reportPath: paths.report, changes: changes, images: result.images,
                                   subject: masker.mask(result.commit?.subject ?? ""), author: masker.mask(result.commit?.author ?? ""))
        var report = makeReport(result, changes: changes, masker: masker, finishedAt: finishedAt)
        if let publisher = context.publisher {
            report.notes = ([publisher.updateChangelog(finished)].compactMap { $0 } + publisher.plannedNotifications(finished))
                .map(masker.mask)
        }
        finished.report = render(report, result: &result)
        // A path that could not be reserved is not tried again: the run already says why.
        var written = reportProblem == nil
        if written, let problem = writeReport(finished.report, to: paths.report) {
            written = false
            fault(&result, problem)
            finished.status = result.status
            finished.report = render(makeReport(result, changes: changes, masker: masker, finishedAt: finishedAt), result: &result)
        }
        if let problem = context.publisher?.attachReport(finished) {
            result.warnings.append(problem)
        }
        record(result, masker: masker, finishedAt: finishedAt, reportPath: written ? paths.report : nil)
        if let publisher = context.publisher {
            let path = result.logPath
            let deliver = { logDeliveries(publisher.notify(finished, secrets: secrets), to: path, secrets: secrets) }
            if let later = context.deliverNotifications { later(deliver) } else { deliver() }
        }
        return result.status
    }

    /// Webhook outcomes come after the run is recorded: they end its log (or, without one, go to stderr).
    private func logDeliveries(_ lines: [String], to path: String?, secrets: RunSecrets) {
        guard !lines.isEmpty else { return }
        guard let path, let appended = try? LogWriter(path: path, secrets: secrets) else {
            for line in lines { printError("slipway: \(line)") }
            return
        }
        let container = ContainerLog(sink: appended)
        for line in lines { container.line("Notification: \(line)") }
        appended.finish()
    }

    private func masked(_ changes: ChangeSummary, _ masker: SecretMasker) -> ChangeSummary {
        ChangeSummary(markdown: masker.mask(changes.markdown), json: masker.mask(changes.json), commitCount: changes.commitCount,
                      summary: masker.mask(changes.summary), headlines: changes.headlines.map(masker.mask),
                      rewritten: changes.rewritten)
    }

    /// The history row: status, phases, exported variables, images, warnings and the report path.
    private func record(_ result: RunResult, masker: SecretMasker, finishedAt: Int64, reportPath: String?) {
        let number = result.run.id
        var outcome = RunOutcome(status: result.status, finishedAt: finishedAt,
                                 phases: phaseRows(result, masker: masker, finishedAt: finishedAt),
                                 exportedVariables: result.exportedVariables,
                                 warnings: result.warnings.map(masker.mask), error: result.failure.map(masker.mask),
                                 reportPath: reportPath)
        outcome.images = result.images.enumerated().map { index, image in
            ImageRow(runNumber: number, position: index, reference: masker.mask(image.reference), digest: image.digest,
                     sizeBytes: image.sizeBytes, status: image.status.rawValue, note: image.note.map(masker.mask))
        }
        outcome.artifacts = result.artifacts.enumerated().map { index, artifact in
            ArtifactRow(runNumber: number, position: index, identifier: artifact.identifier, name: masker.mask(artifact.name),
                        path: artifact.path, sizeBytes: artifact.sizeBytes, sha256: artifact.sha256, fileCount: artifact.fileCount,
                        location: artifact.location.map(masker.mask))
        }
        outcome.subject = result.commit.map { masker.mask($0.subject) }
        outcome.author = result.commit.map { masker.mask($0.author) }
        do {
            try context.store.finish(number, outcome)
        } catch {
            printError("slipway: could not record run #\(number) in \(context.store.path): \(error)")
        }
    }

    private func phaseRows(_ result: RunResult, masker: SecretMasker, finishedAt: Int64) -> [PhaseRow] {
        let number = result.run.id
        var rows = result.phases.enumerated().map { index, phase in
            PhaseRow(runNumber: number, position: index, name: phase.name, status: phase.status.rawValue,
                     exitCode: phase.exitCode, startedAt: phase.startedAt, finishedAt: phase.finishedAt,
                     context: phase.context.map(masker.mask))
        }
        for (offset, skipped) in result.skipped.enumerated() {
            rows.append(PhaseRow(runNumber: number, position: result.phases.count + offset, name: skipped.name,
                                 status: BuildStatus.skipped.rawValue, exitCode: nil, startedAt: finishedAt, finishedAt: finishedAt,
                                 context: skipped.reason))
        }
        return rows
    }
}

/// A sink that drops everything, for messages when no log exists.
final class NullSink: OutputSink {
    func write(_ bytes: UnsafeRawBufferPointer) {}
}

