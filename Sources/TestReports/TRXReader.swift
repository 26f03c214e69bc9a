import Pipeline

/// Visual Studio's TRX (`dotnet test --logger trx`): each `<UnitTestResult>` has `testName`,
/// `outcome` and an `hh:mm:ss.fffffff` `duration`; `<Output><ErrorInfo>` holds `<Message>` and
/// `<StackTrace>`. The class comes from `<TestDefinitions>`' `<TestMethod className>`, which
/// follows the results, so failures get their class at the end.
final class TRXReader: XMLReportHandler {
    private var counted = TestTally()
    private var failureIDs: [String] = []
    private var classes: [String: String] = [:]
    private var current: (id: String, name: String, seconds: Double?, outcome: TestTally.Outcome)?
    private var definition: String?
    private var failure = FailureText()

    var wantsText: Bool { failure.field != nil }

    var tally: TestTally {
        var result = counted
        result.failures = zip(counted.failures, failureIDs).map { failure, id in
            var named = failure
            if let owner = classes[id] { named.suite = owner }
            return named
        }
        return result
    }

    func start(_ name: String, attributes: [String: String]) {
        switch name {
        case "UnitTestResult":
            let outcome: TestTally.Outcome
            switch (attributes["outcome"] ?? "").lowercased() {
            case "passed", "passedbutrunaborted", "warning": outcome = .passed
            case "failed": outcome = .failed
            case "error", "timeout", "aborted": outcome = .error
            default: outcome = .skipped
            }
            current = (attributes["testId"] ?? "", attributes["testName"] ?? "", Self.duration(attributes["duration"]), outcome)
            failure.reset()
        case "Message" where current != nil:
            failure.field = .message
        case "StackTrace" where current != nil:
            failure.field = .details
        case "UnitTest":
            definition = attributes["id"]
        case "TestMethod":
            if let definition, let owner = attributes["className"] {
                classes[definition] = owner.split(separator: ",").first.map(String.init) ?? owner
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
        case "Message", "StackTrace":
            failure.field = nil
        case "UnitTest":
            definition = nil
        case "UnitTestResult":
            if let current {
                let before = counted.failures.count
                counted.add(current.outcome, seconds: current.seconds, suite: NUnitReader.owner(of: current.name) ?? "",
                            name: NUnitReader.leaf(of: current.name), message: failure.message, details: failure.details)
                if counted.failures.count > before { failureIDs.append(current.id) }
            }
            current = nil
        default:
            break
        }
    }

    /// `00:00:01.2345678` in seconds.
    static func duration(_ text: String?) -> Double? {
        guard let parts = text?.split(separator: ":"), parts.count == 3,
              let hours = Double(parts[0]), let minutes = Double(parts[1]), let secs = Double(parts[2]) else { return nil }
        return hours * 3600 + minutes * 60 + secs
    }
}
