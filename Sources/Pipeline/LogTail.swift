import Platform
#if canImport(Glibc)
import Glibc
#endif

/// The last lines of a log, or of one byte range of it (a phase), read from the end of the
/// file so a huge log costs no more than its tail.
package enum LogTail {
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
        if start > lower && lines.count > 1 { lines.removeFirst() }
        let tail = lines.suffix(count).map { String(decoding: $0, as: UTF8.self) }
        return tail.isEmpty ? nil : tail.joined(separator: "\n")
    }
}
