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
        let tests = groups.filter { $0.tests != nil || !$0.format.isCoverage }
        if !tests.isEmpty {
            lines += ["| Group | Passed | Failed | Skipped | Errors | Duration | Files |", "|---|---|---|---|---|---|---|"]
            for group in tests {
                let counts = group.tests ?? TestCounts()
                lines.append("| \(Markdown.cell(masker.mask(group.name))) | \(counts.passed) | \(counts.failed) | \(counts.skipped) | "
                             + "\(counts.errors) | \(seconds(counts.durationMilliseconds)) | \(group.fileCount) |")
            }
        }
        let coverage = groups.filter(\.format.isCoverage)
        if !coverage.isEmpty {
            if !lines.isEmpty { lines.append("") }
            lines += ["| Coverage group | Lines | Branches | Files |", "|---|---|---|---|"]
            for group in coverage {
                let counts = group.coverage ?? CoverageCounts()
                let branches = counts.branchesTotal.map { total in
                    "\(percent(counts.branchesCovered ?? 0, of: total)) (\(counts.branchesCovered ?? 0) of \(total))"
                } ?? "—"
                lines.append("| \(Markdown.cell(masker.mask(group.name))) | \(percent(counts.linesCovered, of: counts.linesTotal)) "
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

    private static func seconds(_ milliseconds: Int64) -> String {
        "\(milliseconds / 1000).\(String(format3(milliseconds % 1000))) s"
    }

    private static func format3(_ value: Int64) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, 3 - text.count)) + text
    }

    private static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "—" }
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
