import BuildSpec
import Masking
import Platform
import Reporting

/// The report's Tests section: totals per group, every kept failure with its first lines,
/// and line coverage per coverage group. Every text is masked and made table- and fence-safe.
enum TestReportMarkdown {
    static func section(_ groups: [TestReportGroup], masker: SecretMasker) -> String? {
        guard !groups.isEmpty else { return nil }
        var lines: [String] = []
        let tests = groups.filter { !$0.format.isCoverage }
        if !tests.isEmpty {
            lines += ["| Group | Passed | Failed | Skipped | Errors | Duration | Files |", "|---|---|---|---|---|---|---|"]
            for group in tests {
                let counts = group.tests ?? TestCounts()
                lines.append("| \(Markdown.cell(masker.mask(group.name))) | \(counts.passed) | \(counts.failed) | \(counts.skipped) | "
                             + "\(counts.errors) | \(Clock.describeDuration(milliseconds: counts.durationMilliseconds)) | \(group.fileCount) |")
            }
        }
        let coverage = groups.filter(\.format.isCoverage)
        if !coverage.isEmpty {
            if !lines.isEmpty { lines.append("") }
            lines += ["| Coverage group | Lines | Branches | Files |", "|---|---|---|---|"]
            for group in coverage {
                let counts = group.coverage ?? CoverageCounts()
                let branches = counts.branchesTotal.map { total in
                    "\(CoverageCounts.percent(counts.branchesCovered ?? 0, of: total)) (\(counts.branchesCovered ?? 0) of \(total))"
                } ?? "—"
                lines.append("| \(Markdown.cell(masker.mask(group.name))) | \(CoverageCounts.percent(counts.linesCovered, of: counts.linesTotal)) "
                             + "(\(counts.linesCovered) of \(counts.linesTotal)) | \(branches) | \(group.fileCount) |")
            }
        }
        for group in groups where !group.failures.isEmpty {
            lines += ["", "### Failed in \(Markdown.cell(masker.mask(group.name)))", ""]
            for failure in group.failures {
                let kind = failure.isError ? "error" : "failed"
                let place = failure.suite.isEmpty ? failure.name : "\(failure.suite) › \(failure.name)"
                // Test output is the build's text: one clean line each, and the details without terminal control.
                lines.append("- **\(Markdown.cell(masker.mask(place)))** (\(kind)): \(Markdown.cell(masker.mask(failure.message)))")
                if !failure.details.isEmpty {
                    let details = DisplayText.withoutTerminalControl(masker.mask(failure.details))
                    let fence = Markdown.fence(for: details)
                    lines += ["", "  \(fence)text"] + details.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
                        + ["  \(fence)", ""]
                }
            }
            if group.failuresLeftOut > 0 {
                lines.append("- … and \(group.failuresLeftOut) more (the report keeps the first \(TestReportGroup.failureLimit))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
