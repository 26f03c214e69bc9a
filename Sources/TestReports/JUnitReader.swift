import Pipeline

/// JUnit XML as Maven Surefire, pytest, go-junit-report, Jest and checkov write it: every
/// `<testcase>` is one case; a `<failure>`, `<error>` or `<skipped>` child says how it ended.
/// Suites nest; a case's class is its `classname`, else the innermost suite's name.
final class JUnitReader: XMLReportHandler {
    private(set) var tally = TestTally()
    private var suites: [String] = []
    private var current: (suite: String, name: String, seconds: Double?)?
    private var outcome: TestTally.Outcome = .passed
    private var failure = FailureText()

    var wantsText: Bool { failure.field != nil }

    func start(_ name: String, attributes: [String: String]) {
        switch name {
        case "testsuite":
            suites.append(attributes["name"] ?? "")
        case "testcase":
            current = (attributes["classname"] ?? suites.last ?? "", attributes["name"] ?? "", seconds(attributes["time"]))
            outcome = .passed
            failure.reset()
        case "failure", "error":
            // The first failure decides; an error outranks a failure.
            if current != nil && outcome != .error {
                outcome = name == "error" ? .error : .failed
                failure.message = attributes["message"] ?? attributes["type"] ?? ""
                failure.details = ""
                failure.field = .details
            }
        case "skipped" where current != nil:
            if outcome == .passed {
                outcome = .skipped
            }
        default:
            break
        }
    }

    func text(_ text: String) {
        failure.append(text)
    }

    func end(_ name: String) {
        switch name {
        case "testsuite":
            _ = suites.popLast()
        case "failure", "error":
            failure.field = nil
        case "testcase":
            if let current {
                tally.add(outcome, seconds: current.seconds, suite: current.suite, name: current.name, message: failure.message, details: failure.details)
            }
            current = nil
        default:
            break
        }
    }
}
