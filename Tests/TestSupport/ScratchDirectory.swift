import Platform
#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under /tmp for one test, removed when the value goes away.
package final class ScratchDirectory: @unchecked Sendable {
    /// The absolute path.
    package let path: String

    package init(_ label: String = "test") {
        var template = Array("/tmp/slipway-test-\(label)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = made.map { String(cString: $0) } ?? "/tmp/slipway-test-\(label)-\(getpid())"
        try? makeDirectories(path)
    }

    deinit {
        try? removeTree(path)
    }

    /// A path inside the directory.
    package func file(_ name: String) -> String {
        joinPath(path, name)
    }

    /// Writes a text file inside the directory (creating parent directories) and returns its path.
    @discardableResult
    package func write(_ name: String, _ text: String, mode: mode_t = 0o644) throws -> String {
        let target = file(name)
        try makeDirectories(parentDirectory(target))
        try writeTextFileAtomically(target, text, mode: mode)
        return target
    }

    /// Reads a text file inside the directory.
    package func read(_ name: String) throws -> String {
        try readTextFile(file(name))
    }
}
