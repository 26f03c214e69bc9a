/// A streaming filter that makes build output safe to show on a terminal or in a report:
/// ESC sequences (CSI colours and cursor moves, OSC titles and OSC 8 links, DCS/APC/PM/SOS
/// strings, two-byte escapes) are removed whole, C0 controls other than newline and tab and
/// the C1 controls (U+0080…U+009F) are dropped, and a carriage return becomes a newline (so
/// `\r` cannot hide the text before it; `\r\n` stays one line break). Feed it chunks in order;
/// a sequence split across chunks is still removed.
package struct TerminalEscapeFilter {
    private enum State {
        case ground, escape, intermediate, csi, string, stringEscape, afterC2, afterCarriageReturn
    }

    /// A string sequence (OSC, DCS) longer than this ends, so an unterminated one cannot
    /// swallow the rest of a log.
    static let maximumStringLength = 4096

    private var state = State.ground
    private var stringLength = 0

    package init() {}

    /// Filters `bytes`, passing what is kept to `emit` (once per call, when anything is kept).
    package mutating func filter(_ bytes: some Collection<UInt8>, emit: ([UInt8]) -> Void) {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for byte in bytes { step(byte, into: &output) }
        if !output.isEmpty { emit(output) }
    }

    /// Ends the stream: a pending carriage return is written as a newline.
    package mutating func finish(emit: ([UInt8]) -> Void) {
        if state == .afterCarriageReturn { emit([0x0A]) }
        state = .ground
    }

    private mutating func step(_ byte: UInt8, into output: inout [UInt8]) {
        switch state {
        case .ground:
            ground(byte, into: &output)
        case .afterCarriageReturn:
            output.append(0x0A)
            state = .ground
            if byte != 0x0A { ground(byte, into: &output) }
        case .afterC2:
            state = .ground
            if byte >= 0x80 && byte <= 0x9F { return }  // a C1 control, U+0080…U+009F
            output.append(0xC2)
            ground(byte, into: &output)
        case .escape:
            switch byte {
            case UInt8(ascii: "["): state = .csi
            case UInt8(ascii: "]"), UInt8(ascii: "P"), UInt8(ascii: "X"), UInt8(ascii: "^"), UInt8(ascii: "_"):
                state = .string
                stringLength = 0
            case 0x20...0x2F: state = .intermediate
            case 0x1B: state = .escape
            default: state = .ground  // a two-byte escape (ESC 7, ESC c, ...) or a stray ESC
            }
        case .intermediate:
            if !(0x20...0x2F).contains(byte) { state = .ground }
        case .csi:
            switch byte {
            case 0x20...0x3F: break  // parameters and intermediates
            case 0x40...0x7E: state = .ground
            default:
                state = .ground
                ground(byte, into: &output)
            }
        case .string:
            stringLength += 1
            if byte == 0x07 || stringLength > Self.maximumStringLength {
                state = .ground
            } else if byte == 0x1B {
                state = .stringEscape
            }
        case .stringEscape:
            // ESC \ ends the string; any other ESC starts a new sequence.
            state = .escape
            if byte == UInt8(ascii: "\\") { state = .ground } else { step(byte, into: &output) }
        }
    }

    private mutating func ground(_ byte: UInt8, into output: inout [UInt8]) {
        switch byte {
        case 0x1B: state = .escape
        case 0x0D: state = .afterCarriageReturn
        case 0xC2: state = .afterC2
        case 0x0A, 0x09: output.append(byte)
        case 0x00..<0x20, 0x7F: break
        default: output.append(byte)
        }
    }
}
