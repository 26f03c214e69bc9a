import Pipeline

/// TestNG's `testng-results.xml`: `<class name>` holds `<test-method status="PASS|FAIL|SKIP">`
/// with `duration-ms`; configuration methods (`is-config="true"`) are not tests. A failure's
/// `<exception class>` has `<message>` and `<full-stacktrace>`.
final class TestNGReader: XMLReportHandler {
    private(set) var tally = TestTally()
    private var className = ""
    private var current: (name: String, milliseconds: Double?, outcome: TestTally.Outcome)?
    private var exceptionClass = ""
    private var failure = FailureText()

    var wantsText: Bool { failure.field != nil }

    func start(_ name: String, attributes: [String: String]) {
        switch name {
        case "class":
            className = attributes["name"] ?? ""
        case "test-method":
            guard attributes["is-config"]?.lowercased() != "true" else { return }
            let outcome: TestTally.Outcome
            switch (attributes["status"] ?? "").uppercased() {
            case "PASS": outcome = .passed
            case "FAIL": outcome = .failed
            default: outcome = .skipped
            }
            current = (attributes["name"] ?? "", seconds(attributes["duration-ms"]), outcome)
            failure.reset()
            exceptionClass = ""
        case "exception" where current != nil:
            exceptionClass = attributes["class"] ?? ""
        case "message" where current != nil:
            failure.field = .message
        case "full-stacktrace" where current != nil:
            failure.field = .details
        default:
            break
        }
    }

    func text(_ text: String) {
        failure.append(text)
    }

    func end(_ name: String) {
        switch name {
        case "message", "full-stacktrace":
            failure.field = nil
        case "test-method":
            if let current {
                let shown = failure.message.trimmingWhitespace.isEmpty ? exceptionClass : failure.message
                tally.add(current.outcome, seconds: current.milliseconds.map { $0 / 1000 }, suite: className, name: current.name,
                          message: shown, details: failure.details)
            }
            current = nil
        default:
            break
        }
    }
}
