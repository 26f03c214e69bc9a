import Platform

/// The lines of a message's bytes ("\n" or "\r\n" endings), as ranges, without copying.
struct MessageLines {
    typealias Line = Slice<UnsafeBufferPointer<UInt8>>

    let bytes: UnsafeBufferPointer<UInt8>
    private var ranges: [Range<Int>] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        var start = 0
        var position = 0
        while position < bytes.count {
            if bytes[position] == UInt8(ascii: "\n") {
                ranges.append(start..<position)
                start = position + 1
            }
            position += 1
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
    }

    var count: Int { ranges.count }

    /// Line `index` without its line ending.
    func line(_ index: Int) -> Line {
        var range = ranges[index]
        if range.upperBound > range.lowerBound, bytes[range.upperBound - 1] == UInt8(ascii: "\r") {
            range = range.lowerBound..<(range.upperBound - 1)
        }
        return bytes[range]
    }

    /// Line `index` without leading and trailing spaces and tabs.
    func trimmed(_ index: Int) -> Line {
        MessageLines.trim(line(index))
    }

    /// True for an empty or whitespace-only line.
    func isBlank(_ index: Int) -> Bool {
        trimmed(index).isEmpty
    }

    static func trim(_ line: Line) -> Line {
        var start = line.startIndex
        var end = line.endIndex
        while start < end, isSpace(line[start]) { start += 1 }
        while end > start, isSpace(line[end - 1]) { end -= 1 }
        return line[start..<end]
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// The line without a leading list marker (`* `, `- `, `+ `), for squash-merge bodies.
    static func withoutBullet(_ line: Line) -> (Line, hadBullet: Bool) {
        guard line.count >= 2, [UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "+")].contains(line[line.startIndex]),
              isSpace(line[line.startIndex + 1]) else { return (line, false) }
        return (trim(line[(line.startIndex + 2)...]), true)
    }
}

/// Turning message bytes into text fit for one line of a report (`DisplayText.line`, reading
/// at most a few KiB of a huge message).
enum TextCleaning {
    /// The subject from the message's first line, however long it is.
    static func subject(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        let limit = ConventionalMessage.maximumTextLength
        let end = DisplayText.utf8Boundary(bytes, atMost: limit * 4 + 4)
        let text = String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
        return DisplayText.line(text, limit: limit, wasCut: end < bytes.endIndex)
    }

    static func subject(_ text: String) -> String {
        DisplayText.line(text, limit: ConventionalMessage.maximumTextLength)
    }
}
