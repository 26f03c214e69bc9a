import BuildSpec
import Pipeline

/// What one report file held.
enum ReportFileContent {
    case tests(TestTally)
    case coverage(CoverageCounts)
}

/// Reads one report file in its group's format.
enum ReportFileReader {
    static func read(_ path: String, format: TestReportFormat) throws -> ReportFileContent {
        switch format {
        case .junitXML: return .tests(try stream(path, JUnitReader()).tally)
        case .nunitXML, .nunit3XML: return .tests(try stream(path, NUnitReader()).tally)
        case .testNGXML: return .tests(try stream(path, TestNGReader()).tally)
        case .visualStudioTRX: return .tests(try stream(path, TRXReader()).tally)
        case .cucumberJSON: return .tests(try JSONReports.cucumber(path))
        case .coberturaXML: return .coverage(try stream(path, CoberturaReader()).coverage)
        case .jacocoXML: return .coverage(try stream(path, JaCoCoReader()).coverage)
        case .cloverXML:
            guard let coverage = try stream(path, CloverReader()).coverage else {
                throw ReportFileProblem(line: nil, message: "no <project><metrics> element: is this a Clover report?")
            }
            return .coverage(coverage)
        case .simpleCov: return .coverage(try JSONReports.simpleCov(path))
        }
    }

    private static func stream<Handler: XMLReportHandler>(_ path: String, _ handler: Handler) throws -> Handler {
        try XMLEventReader.read(path: path, into: handler)
        return handler
    }
}
