#if canImport(Glibc)
import Glibc
#endif

/// A failed system call, with what was being done, the path or subject involved, and errno's text.
package struct SystemError: Error, CustomStringConvertible, Equatable {
    /// What Slipway was doing, e.g. "open" or "spawn".
    package let operation: String
    /// The file, command or other subject of the operation.
    package let subject: String
    /// The errno value.
    package let code: Int32

    package init(_ operation: String, _ subject: String, code: Int32 = errno) {
        self.operation = operation
        self.subject = subject
        self.code = code
    }

    package var description: String {
        "\(operation) \(subject): \(String(cString: strerror(code)))"
    }
}
