import Platform
#if canImport(Glibc)
import Glibc
#endif

/// Standard output for text Slipway did not write (build logs, reports): on a terminal, escape
/// sequences and control characters are removed (`TerminalEscapeFilter`), so a build cannot
/// retitle the admin's window, hide lines or plant links; `--raw`, or output that is not a
/// terminal (a pipe, a file), gets the bytes as stored.
final class TerminalSafeOutput {
    private var filter: TerminalEscapeFilter?

    init(raw: Bool, descriptor: Int32 = 1) {
        filter = raw || isatty(descriptor) == 0 ? nil : TerminalEscapeFilter()
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        guard filter != nil else { return writeOut(bytes) }
        filter?.filter(bytes) { kept in kept.withUnsafeBytes { writeOut($0) } }
    }

    func write(_ text: String) {
        var copy = text
        copy.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// Ends the output (a pending carriage return is written as a newline).
    func finish() {
        filter?.finish { kept in kept.withUnsafeBytes { writeOut($0) } }
    }
}
