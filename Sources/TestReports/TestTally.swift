import Foundation
import Pipeline

/// Counts cases as a parser meets them and keeps the first failures, their texts cut short.
struct TestTally {
    var counts = TestCounts()
    var failures: [FailedTestCase] = []

    /// How much of a failure's text a report keeps.
    static let detailLines = 12
    static let detailBytes = 2000
    static let messageBytes = 500

    enum Outcome {
        case passed, failed, error, skipped
    }

    mutating func add(_ outcome: Outcome, seconds: Double?, suite: String, name: String, message: String = "", details: String = "") {
        switch outcome {
        case .passed: counts.passed += 1
        case .failed: counts.failed += 1
        case .error: counts.errors += 1
        case .skipped: counts.skipped += 1
        }
        if let seconds, seconds.isFinite, seconds > 0 { counts.durationMilliseconds += Int64((seconds * 1000).rounded()) }
        guard outcome == .failed || outcome == .error, failures.count < TestReportGroup.failureLimit else { return }
        let trimmedMessage = Self.cut(message.trimmingWhitespace, bytes: Self.messageBytes)
        var detail = Self.firstLines(details)
        // A message that is the first line of the text already is not repeated.
        if detail.hasPrefix(trimmedMessage) && !trimmedMessage.isEmpty && trimmedMessage == details.trimmingWhitespace { detail = "" }
        failures.append(FailedTestCase(suite: suite, name: name, isError: outcome == .error,
                                       message: trimmedMessage.isEmpty ? Self.firstLine(details) : trimmedMessage, details: detail))
    }

    static func firstLines(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.allSatisfy(\.isWhitespace) }
        let kept = lines.prefix(detailLines).joined(separator: "\n")
        return cut(kept.trimmingWhitespace, bytes: detailBytes)
    }

    static func firstLine(_ text: String) -> String {
        cut(String(text.split(separator: "\n").first { !$0.allSatisfy(\.isWhitespace) } ?? "").trimmingWhitespace, bytes: messageBytes)
    }

    static func cut(_ text: String, bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        // A character cut in half decodes as U+FFFD; it is dropped.
        let head = String(decoding: text.utf8.prefix(bytes), as: UTF8.self)
        return String(head.unicodeScalars.reversed().drop { $0 == "\u{FFFD}" }.reversed().map(Character.init)) + "…"
    }
}

extension String {
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}

/// A duration attribute in seconds (`0.012`, `1,5` from some locales).
func seconds(_ text: String?) -> Double? {
    guard let text, !text.isEmpty else { return nil }
    return Double(text) ?? Double(text.replacingOccurrences(of: ",", with: "."))
}

/// The text of the failure a reader is inside: its message and its details (a stack trace),
/// collected from character data while one of them is open, the details capped.
struct FailureText {
    enum Field { case message, details }
    /// The field character data goes to now; nil outside both.
    var field: Field?
    var message = ""
    var details = ""

    mutating func append(_ text: String) {
        switch field {
        case .message: message += text
        case .details where details.utf8.count < TestTally.detailBytes * 2: details += text
        default: break
        }
    }

    mutating func reset() {
        field = nil
        message = ""
        details = ""
    }
}
