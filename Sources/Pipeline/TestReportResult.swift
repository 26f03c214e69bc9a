import BuildSpec
import Runner

/// Test counts of one report group (or one file): CodeBuild's report totals.
package struct TestCounts: Sendable, Equatable {
    package var passed = 0
    package var failed = 0
    package var skipped = 0
    package var errors = 0
    package var durationMilliseconds: Int64 = 0

    package init(passed: Int = 0, failed: Int = 0, skipped: Int = 0, errors: Int = 0, durationMilliseconds: Int64 = 0) {
        self.passed = passed
        self.failed = failed
        self.skipped = skipped
        self.errors = errors
        self.durationMilliseconds = durationMilliseconds
    }

    package static func + (left: TestCounts, right: TestCounts) -> TestCounts {
        TestCounts(passed: left.passed + right.passed, failed: left.failed + right.failed, skipped: left.skipped + right.skipped,
                   errors: left.errors + right.errors, durationMilliseconds: left.durationMilliseconds + right.durationMilliseconds)
    }
}

/// A test case that did not pass: failed (an assertion) or errored (the test itself broke).
package struct FailedTestCase: Sendable, Equatable {
    /// The class, suite or feature that holds it.
    package var suite: String
    package var name: String
    /// True for an error, false for a failure.
    package var isError: Bool
    package var message: String
    /// The first lines of the failure text (a stack trace, a diff).
    package var details: String

    package init(suite: String, name: String, isError: Bool, message: String, details: String) {
        self.suite = suite
        self.name = name
        self.isError = isError
        self.message = message
        self.details = details
    }
}

/// Line (and branch) coverage of one coverage group.
package struct CoverageCounts: Sendable, Equatable {
    package var linesCovered = 0
    package var linesTotal = 0
    package var branchesCovered: Int?
    package var branchesTotal: Int?

    package init(linesCovered: Int = 0, linesTotal: Int = 0, branchesCovered: Int? = nil, branchesTotal: Int? = nil) {
        self.linesCovered = linesCovered
        self.linesTotal = linesTotal
        self.branchesCovered = branchesCovered
        self.branchesTotal = branchesTotal
    }

    /// `part` of `whole` in percent with one decimal (`82.6%`), `—` when there is nothing to cover.
    package static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "—" }
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10).\(tenths % 10)%"
    }

    package static func + (left: CoverageCounts, right: CoverageCounts) -> CoverageCounts {
        func sum(_ a: Int?, _ b: Int?) -> Int? { a == nil && b == nil ? nil : (a ?? 0) + (b ?? 0) }
        return CoverageCounts(linesCovered: left.linesCovered + right.linesCovered, linesTotal: left.linesTotal + right.linesTotal,
                              branchesCovered: sum(left.branchesCovered, right.branchesCovered),
                              branchesTotal: sum(left.branchesTotal, right.branchesTotal))
    }
}

/// What one `reports` group found.
package struct TestReportGroup: Sendable, Equatable {
    package var name: String
    package var format: TestReportFormat
    /// The report files read (malformed ones are not counted).
    package var fileCount = 0
    /// Test totals (test formats).
    package var tests: TestCounts?
    /// Coverage totals (coverage formats).
    package var coverage: CoverageCounts?
    /// The cases that did not pass, in file order, at most `TestReportGroup.failureLimit`.
    package var failures: [FailedTestCase] = []

    /// How many failed cases a group keeps for the report.
    package static let failureLimit = 50

    package init(name: String, format: TestReportFormat) {
        self.name = name
        self.format = format
    }

    /// Failed and errored cases that were not kept.
    package var failuresLeftOut: Int { max(0, (tests.map { $0.failed + $0.errors } ?? 0) - failures.count) }
}

/// What the report step found, and what it could not read (never a failed build: CodeBuild's rule).
package struct TestReportOutcome: Sendable {
    package var groups: [TestReportGroup] = []
    package var warnings: [String] = []

    package init() {}
}

/// Reads a build's test and coverage report files after POST_BUILD.
package protocol TestReportReading {
    /// Finds each group's files in `sourceDirectory` and reads them; logs what it found.
    func read(groups: [ReportGroupSpec], sourceDirectory: String, log: OutputSink) -> TestReportOutcome
}
