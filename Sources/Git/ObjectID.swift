import CLibGit2

/// A git object id (SHA-1), held as its 40 lowercase hex digits.
package struct ObjectID: Hashable, Sendable, CustomStringConvertible, Codable, Comparable {
    /// The full 40-hex form.
    package let hex: String

    /// Accepts exactly 40 hex digits (any case); nil otherwise.
    package init?(hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy({ $0.isHexDigit }) else { return nil }
        self.hex = hex.lowercased()
    }

    init(_ oid: git_oid) {
        hex = withUnsafeBytes(of: oid.id) { raw in
            String(unsafeUninitializedCapacity: 40) { buffer in
                for (index, byte) in raw.prefix(20).enumerated() {
                    buffer[2 * index] = ObjectID.hexDigit(byte >> 4)
                    buffer[2 * index + 1] = ObjectID.hexDigit(byte & 0x0F)
                }
                return 40
            }
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    /// The all-zero id git uses for "no object" in ref updates.
    package static let zero = ObjectID(uncheckedHex: String(repeating: "0", count: 40))

    private init(uncheckedHex: String) {
        hex = uncheckedHex
    }

    /// True for the all-zero id.
    package var isZero: Bool { self == .zero }

    /// The first `length` hex digits.
    package func short(_ length: Int = 7) -> String {
        String(hex.prefix(max(4, min(40, length))))
    }

    package var description: String { hex }

    package static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }

    var raw: git_oid {
        var oid = git_oid()
        _ = git_oid_fromstr(&oid, hex)
        return oid
    }
}

extension UInt8 {
    var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
