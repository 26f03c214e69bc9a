import Artifacts
import BuildSpec
import Pipeline
import Platform
import Runner
#if canImport(Glibc)
import Glibc
#endif

/// `reports` on this server: each group's files are found like an artifact's (beneath the
/// checkout, never through a link out of it), read with a streaming parser, and summed. A file
/// that cannot be read is a warning naming it and the parser's line, never a failed build.
package struct TestReportCollector: TestReportReading {
    package init() {}

    package func read(groups: [ReportGroupSpec], sourceDirectory: String, log: OutputSink) -> TestReportOutcome {
        let container = ContainerLog(sink: log)
        var outcome = TestReportOutcome()
        for spec in groups {
            var group = TestReportGroup(name: spec.displayName, format: spec.format)
            let files: [CollectedFile]
            do {
                let (found, warnings) = try ArtifactCollector(sourceDirectory: sourceDirectory, spec: spec.asArtifact).collect()
                files = found
                outcome.warnings += warnings.map { "reports.\(spec.name): \($0)" }
            } catch {
                outcome.warnings.append("reports.\(spec.name): the base directory \(spec.baseDirectory ?? ".") cannot be read: \(error)")
                outcome.groups.append(group)
                continue
            }
            container.line("Report group \(group.name): \(files.count) \(spec.format.rawValue) file(s)")
            if files.isEmpty {
                outcome.warnings.append("reports.\(spec.name): no report files match \(spec.files.joined(separator: ", "))"
                                        + (spec.baseDirectory.map { " in base-directory \($0)" } ?? ""))
            }
            for file in files {
                let base = spec.asArtifact.baseDirectoryInCheckout
                let shown = base == "." ? file.source : base + "/" + file.source
                do {
                    let content = try readBeneath(sourceDirectory, shown, format: spec.format)
                    group.fileCount += 1
                    switch content {
                    case .tests(let tally):
                        group.tests = (group.tests ?? TestCounts()) + tally.counts
                        let room = TestReportGroup.failureLimit - group.failures.count
                        group.failures += tally.failures.prefix(max(0, room))
                    case .coverage(let counts):
                        group.coverage = (group.coverage ?? CoverageCounts()) + counts
                    }
                } catch {
                    let message = "reports.\(spec.name): \(shown) is not a readable \(spec.format.rawValue) report (\(error)); it is left out"
                    outcome.warnings.append(message)
                    container.line(message)
                }
            }
            if let tests = group.tests {
                container.line("Report group \(group.name): \(tests.passed) passed, \(tests.failed) failed, \(tests.skipped) skipped, \(tests.errors) errors")
            }
            if let coverage = group.coverage {
                container.line("Report group \(group.name): line coverage \(CoverageCounts.percent(coverage.linesCovered, of: coverage.linesTotal)) (\(coverage.linesCovered) of \(coverage.linesTotal) lines)")
            }
            outcome.groups.append(group)
        }
        return outcome
    }

    /// Opens the file beneath the checkout (no link out of it) and reads it through its descriptor.
    private func readBeneath(_ sourceDirectory: String, _ path: String, format: TestReportFormat) throws -> ReportFileContent {
        let checkout = try FileDescriptor.open(sourceDirectory, flags: openPathOnly | O_DIRECTORY)
        let file = try openBeneath(checkout, path, flags: O_RDONLY | O_NONBLOCK)
        var info = stat()
        guard fstat(file.raw, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw ReportFileProblem(line: nil, message: "it is not a regular file")
        }
        return try withExtendedLifetime(file) { try ReportFileReader.read("/proc/self/fd/\(file.raw)", format: format) }
    }
}
