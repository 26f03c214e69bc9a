import Pipeline

/// NUnit 2 (`result="Success|Failure|Error|Ignored|..."`, `time`) and NUnit 3
/// (`result="Passed|Failed|Skipped|..."` with `label`, `duration`) `<test-case>` elements; the
/// message and stack trace are `<failure>`'s `<message>` and `<stack-trace>` children.
final class NUnitReader: XMLReportHandler {
    private(set) var tally = TestTally()
    private var suites: [String] = []
    private var current: (suite: String, name: String, seconds: Double?, outcome: TestTally.Outcome)?
    private var inFailure = false
    private var failure = FailureText()

    var wantsText: Bool { failure.field != nil }

    func start(_ name: String, attributes: [String: String]) {
        switch name {
        case "test-suite":
            suites.append(attributes["name"] ?? "")
        case "test-case":
            let fullName = attributes["fullname"] ?? attributes["name"] ?? ""
            let suite = attributes["classname"] ?? Self.owner(of: fullName) ?? suites.last ?? ""
            let shown = attributes["methodname"] ?? attributes["name"].map { Self.leaf(of: $0) } ?? fullName
            current = (suite, shown, seconds(attributes["duration"] ?? attributes["time"]), Self.outcome(attributes))
            failure.reset()
        case "failure":
            inFailure = true
        case "message" where inFailure:
            failure.field = .message
        case "stack-trace" where inFailure:
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
        case "test-suite":
            _ = suites.popLast()
        case "message", "stack-trace":
            failure.field = nil
        case "failure":
            inFailure = false
        case "test-case":
            if let current {
                tally.add(current.outcome, seconds: current.seconds, suite: current.suite, name: current.name,
                          message: failure.message, details: failure.details.isEmpty ? failure.message : failure.details)
            }
            current = nil
        default:
            break
        }
    }

    private static func outcome(_ attributes: [String: String]) -> TestTally.Outcome {
        let result = (attributes["result"] ?? "").lowercased()
        let label = (attributes["label"] ?? "").lowercased()
        switch result {
        case "passed", "success": return .passed
        case "failed", "failure":
            return label == "error" || label == "invalid" || label == "cancelled" ? .error : .failed
        case "error", "notrunnable", "invalid", "cancelled": return .error
        case "skipped", "ignored", "inconclusive", "warning", "notrun", "explicit": return .skipped
        default:
            // NUnit 2 also says executed="False" / success="True".
            if attributes["executed"]?.lowercased() == "false" { return .skipped }
            return attributes["success"]?.lowercased() == "false" ? .failed : .passed
        }
    }

    /// `Namespace.Class` of `Namespace.Class.Method(args)`.
    static func owner(of fullName: String) -> String? {
        let withoutArguments = fullName.prefix { $0 != "(" }
        guard let dot = withoutArguments.lastIndex(of: ".") else { return nil }
        return String(withoutArguments[..<dot])
    }

    static func leaf(of name: String) -> String {
        let withoutArguments = name.prefix { $0 != "(" }
        guard let dot = withoutArguments.lastIndex(of: ".") else { return name }
        return String(name[name.index(after: dot)...])
    }
}
