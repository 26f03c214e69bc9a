import History
import Masking
import Platform
import Reporting
import Runner
import Settings
import SlipwayModel

extension RunFinisher {
    /// The report's model, every text in it masked.
    func makeReport(_ result: RunResult, changes: ChangeSummary?, masker: SecretMasker, finishedAt: Int64) -> RunReport {
        let run = result.run
        var report = RunReport(
            number: run.id, status: result.status.rawValue, repository: context.source.displayName, branch: run.branch,
            refKind: run.refKind.rawValue, sha: run.newSha, shortSha: String(run.newSha.prefix(context.settings.images.shortShaLength)),
            trigger: run.trigger.rawValue, initiator: masker.mask(run.initiator),
            buildId: "\(context.source.displayName):\(run.buildId)",
            subject: masker.mask(result.commit?.subject ?? ""), author: masker.mask(result.commit?.author ?? ""))
        report.previousSha = run.oldSha
        report.executor = result.ranOn ?? result.executor?.reportDescription
        report.startedAt = run.startedAt
        report.finishedAt = finishedAt
        report.failure = result.failure.map(masker.mask)
        report.phases = result.phases.map { phase in
            RunReport.PhaseLine(name: phase.name, status: phase.status.rawValue, durationMilliseconds: phase.durationMilliseconds,
                                exitCode: phase.exitCode, note: phase.failedCommandLine.map { "line \($0): \(phase.failedCommand ?? "")" }
                                    .map(masker.mask))
        } + result.skipped.map {
            RunReport.PhaseLine(name: $0.name, status: BuildStatus.skipped.rawValue, durationMilliseconds: nil, exitCode: nil, note: $0.reason)
        }
        report.images = result.images.map {
            RunReport.ImageLine(reference: masker.mask($0.reference), digest: $0.digest, sizeBytes: $0.sizeBytes,
                                status: $0.status.rawValue, note: $0.note.map(masker.mask))
        }
        report.imagesNote = result.imagesNote
        report.artifacts = result.artifacts.map {
            RunReport.ArtifactLine(name: masker.mask($0.name), fileCount: $0.fileCount, sizeBytes: $0.sizeBytes, sha256: $0.sha256,
                                   location: $0.location.map(masker.mask))
        }
        report.testsMarkdown = TestReportMarkdown.section(result.testReports, masker: masker)
        report.changesMarkdown = changes?.markdown
        report.exportedVariables = result.exportedVariables
        report.warnings = result.warnings.map(masker.mask)
        report.supersededRuns = ((try? context.store.runsSuperseded(by: run.id)) ?? []).map { "#\($0.id) (\($0.newSha.prefix(7)))" }
        if let logPath = result.logPath, result.status != .succeeded {
            let failing = result.failingPhase
            let range = failing.flatMap { result.logRanges[$0.name] }
            report.logTail = LogTail.lastLines(of: logPath, range: range, count: 50)
            report.logTailTitle = result.logTailTitle ?? failing.map { "Log tail: \($0.name), last 50 lines" } ?? "Log tail: last 50 lines"
        }
        return report
    }

    /// The report's text, with the configured `report-template` (the built-in one if it fails).
    func render(_ report: RunReport, result: inout RunResult) -> String {
        if let path = context.settings.reportTemplate {
            do {
                return try report.render(template: try readTextFile(path), templateName: path)
            } catch {
                result.warnings.append("report template \(path) could not be used (\(error)); the built-in template was used")
            }
        }
        do {
            return try report.render()
        } catch {
            return "# Run #\(report.number) \(report.status)\n\n\(report.failure ?? "")\n"
        }
    }

    /// Creates the report's folder and an empty report, so a path that cannot take one is
    /// known before anything is published; the problem, or nil.
    func reserveReport(_ path: String) -> String? {
        do {
            try makeDirectories(parentDirectory(path), mode: 0o700)
            if !fileExists(path) { try writeTextFileAtomically(path, "", mode: 0o600) }
            return nil
        } catch {
            return "the report could not be written to \(path): \(error)"
        }
    }

    /// Writes the report; the problem, or nil.
    func writeReport(_ text: String, to path: String) -> String? {
        do {
            try makeDirectories(parentDirectory(path), mode: 0o700)
            try writeTextFileAtomically(path, text, mode: 0o600)
            return nil
        } catch {
            printError("slipway: could not write report \(path): \(error)")
            return "the report could not be written to \(path): \(error)"
        }
    }

    /// Ends the run as FAULT for a problem of Slipway's own, keeping what the build said.
    func fault(_ result: inout RunResult, _ problem: String) {
        result.failure = result.failure.map { "\(problem); before that, the build ended \(result.status.rawValue): \($0)" }
            ?? (result.status == .fault ? problem : "\(problem) (the build itself ended \(result.status.rawValue))")
        result.status = .fault
    }
}
