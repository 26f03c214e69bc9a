/// Writes a line to standard error.
package func printError(_ message: String) {
    var line = message + "\n"
    line.withUTF8 { _ = try? FileDescriptor.writeAll(pieces: [UnsafeRawBufferPointer($0)], to: 2) }
}
