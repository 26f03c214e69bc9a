/// A problem found in a YAML file, located by file, line and column.
package struct Diagnostic: Sendable, Equatable, CustomStringConvertible, Codable {
    /// Errors stop the file from being used; warnings are reported and the file is still used.
    package enum Severity: String, Sendable, Codable {
        case error
        case warning
    }

    package let severity: Severity
    /// The file's path as the user gave it.
    package let file: String
    /// 1-based line.
    package let line: Int
    /// 1-based column.
    package let column: Int
    /// What is wrong and what to do about it.
    package let message: String

    package init(_ severity: Severity, file: String, line: Int, column: Int, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: severity: message`, the format compilers and editors understand.
    package var description: String {
        "\(file):\(line):\(column): \(severity.rawValue): \(message)"
    }
}

/// A position in a source file.
package struct SourceLocation: Sendable, Equatable {
    package let line: Int
    package let column: Int

    package init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The start of the file.
    package static let start = SourceLocation(line: 1, column: 1)
}

/// Collects diagnostics while a file is read, so that every problem is reported, not just the first.
package final class DiagnosticLog: @unchecked Sendable {
    /// The file being read.
    package let file: String
    /// Everything reported so far, in order.
    package private(set) var items: [Diagnostic] = []

    package init(file: String) {
        self.file = file
    }

    package func error(_ message: String, at location: SourceLocation) {
        items.append(Diagnostic(.error, file: file, line: location.line, column: location.column, message: message))
    }

    package func warning(_ message: String, at location: SourceLocation) {
        items.append(Diagnostic(.warning, file: file, line: location.line, column: location.column, message: message))
    }

    /// True when at least one error was reported.
    package var hasErrors: Bool { items.contains { $0.severity == .error } }
    /// The errors only.
    package var errors: [Diagnostic] { items.filter { $0.severity == .error } }
    /// The warnings only.
    package var warnings: [Diagnostic] { items.filter { $0.severity == .warning } }
}
