import Platform
#if canImport(Glibc)
import Glibc
#endif

/// The last lines of a log, or of one byte range of it (a phase), read from the end of the
/// file so a huge log costs no more than its tail. The lines are made fit for a report and a
/// terminal (`DisplayText.withoutTerminalControl`: no colours, links or cursor moves) and each
/// is cut at `maximumLineBytes`, so one huge line cannot push the others out.
package enum LogTail {
    /// A longer line keeps its start and says how much was cut.
    package static let maximumLineBytes = 2000

    /// At most `count` lines ending at the end of `range` (or of the file).
    package static func lastLines(of path: String, range: Range<Int64>? = nil, count: Int) -> String? {
        guard let fd = try? FileDescriptor.open(path, flags: O_RDONLY) else { return nil }
        var info = stat()
        guard fstat(fd.raw, &info) == 0 else { return nil }
        let fileSize = Int64(info.st_size)
        let lower = max(0, range?.lowerBound ?? 0)
        let upper = min(fileSize, range?.upperBound ?? fileSize)
        guard upper > lower else { return nil }
        let window = Int64(256 * 1024)
        let start = max(lower, upper - window)
        var bytes = [UInt8](repeating: 0, count: Int(upper - start))
        let read = bytes.withUnsafeMutableBytes { pread(fd.raw, $0.baseAddress, $0.count, off_t(start)) }
        guard read > 0 else { return nil }
        bytes.removeLast(bytes.count - read)
        while bytes.last == 0x0A { bytes.removeLast() }
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        // The window may start inside a line: drop that piece when enough whole lines follow;
        // otherwise (a line longer than the window) show its end, marked as cut.
        var partial: String?
        if start > lower && lines.count > 1 {
            let piece = lines.removeFirst()
            if lines.count < count { partial = "… " + displayLine(piece.suffix(maximumLineBytes)) }
        }
        let tail = (partial.map { [$0] } ?? []) + lines.suffix(count - (partial == nil ? 0 : 1)).map(displayLine)
        return tail.isEmpty ? nil : tail.joined(separator: "\n")
    }

    private static func displayLine(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.count > maximumLineBytes else { return DisplayText.withoutTerminalControl(String(decoding: bytes, as: UTF8.self)) }
        let end = DisplayText.utf8Boundary(bytes, atMost: maximumLineBytes)
        let kept = DisplayText.withoutTerminalControl(String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self))
        return kept + " … (\(bytes.endIndex - end) more bytes in the log)"
    }
}
