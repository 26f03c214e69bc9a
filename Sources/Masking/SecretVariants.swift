import Platform

/// The byte strings to hide for a set of secret values: each value, each line of a multi-line
/// value, and their base64, URL-encoded and JSON-escaped forms.
package enum SecretVariants {
    /// Values shorter than this (in bytes) are not masked: masking "abc" everywhere would wreck
    /// logs and still reveal where the value appears. Slipway warns about such secrets instead.
    package static let minimumLength = 4

    /// Every pattern to mask for `values`, each at least `minimumLength` bytes, duplicates removed.
    package static func patterns(for values: [String]) -> [[UInt8]] {
        var seen = Set<[UInt8]>()
        var result: [[UInt8]] = []
        func add(_ bytes: [UInt8]) {
            guard bytes.count >= minimumLength, seen.insert(bytes).inserted else { return }
            result.append(bytes)
        }
        for value in values {
            for piece in displayForms([value] + lines(of: value)) {
                let bytes = Array(piece.utf8)
                add(bytes)
                for encoded in base64Forms(bytes) { add(encoded) }
                add(Array(percentEncoded(bytes, spaceAsPlus: false).utf8))
                add(Array(percentEncoded(bytes, spaceAsPlus: true).utf8))
                add(Array(jsonEscaped(piece, escapeSlash: false).utf8))
                add(Array(jsonEscaped(piece, escapeSlash: true).utf8))
                if piece.utf8.contains(where: { $0 >= 0x80 }) {
                    add(Array(jsonEscaped(piece, asciiOnly: true).utf8))
                    add(Array(jsonEscaped(piece, asciiOnly: true, uppercaseHex: true).utf8))
                }
            }
        }
        return result
    }

    /// The pieces, plus each as published text shows it once cleaned (`DisplayText.line`: a
    /// commit subject loses its control characters and runs of spaces before it is masked) and
    /// as Markdown escapes it (`DisplayText.escapingTags`), so cleaning never unmasks a secret.
    static func displayForms(_ pieces: [String]) -> [String] {
        var forms: [String] = []
        for piece in pieces {
            let cleaned = DisplayText.line(piece, limit: Int.max)
            for form in [piece, cleaned, DisplayText.escapingTags(piece), DisplayText.escapingTags(cleaned)]
            where !form.isEmpty && !forms.contains(form) {
                forms.append(form)
            }
        }
        return forms
    }

    /// True when a value is too short to be masked.
    package static func isTooShort(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.count < minimumLength
    }

    /// The non-empty lines of a multi-line value, without their line endings.
    static func lines(of value: String) -> [String] {
        guard value.contains("\n") || value.contains("\r") else { return [] }
        return value.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
    }

    /// Base64 of the bytes as printed alone (padded and unpadded, and wrapped at 76 columns as
    /// GNU `base64` prints it), plus the characters fixed by the bytes when they sit at offset 1
    /// or 2 of a longer encoded stream.
    static func base64Forms(_ bytes: [UInt8]) -> [[UInt8]] {
        let padded = base64(bytes)
        var forms = [padded, Array(padded.prefix { $0 != UInt8(ascii: "=") })]
        if padded.count > 76 {
            forms += stride(from: 0, to: padded.count, by: 76).map { Array(padded[$0..<min($0 + 76, padded.count)]) }
        }
        for offset in 0...2 {
            let shifted = base64([UInt8](repeating: 0, count: offset) + bytes)
            // With filler in front, the first group mixes filler with the value; the last group
            // of a longer stream depends on what follows. Keep only groups fixed by the value.
            let fullGroups = (offset + bytes.count) / 3
            let start = offset == 0 ? 0 : 4
            guard fullGroups * 4 > start else { continue }
            forms.append(Array(shifted[start..<(fullGroups * 4)]))
        }
        return forms
    }

    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            output.append(alphabet[Int(b0 >> 2)])
            output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            output.append(index + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            output.append(index + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return output
    }

    /// RFC 3986 percent-encoding of everything but unreserved characters.
    static func percentEncoded(_ bytes: [UInt8], spaceAsPlus: Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                output.append(byte)
            case UInt8(ascii: " ") where spaceAsPlus:
                output.append(UInt8(ascii: "+"))
            default:
                output += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The value as it appears inside a JSON string; `asciiOnly` writes every non-ASCII
    /// character as `\uXXXX` (surrogate pairs above U+FFFF), as Python's `json.dumps` and
    /// `jq -a` do, with lowercase hex digits unless `uppercaseHex`.
    package static func jsonEscaped(_ value: String, escapeSlash: Bool = false, asciiOnly: Bool = false,
                                    uppercaseHex: Bool = false) -> String {
        var output = ""
        output.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "/" where escapeSlash: output += "\\/"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                output += unicodeEscape(UInt16(scalar.value), uppercase: uppercaseHex)
            case _ where asciiOnly && scalar.value >= 0x80:
                for unit in String(scalar).utf16 { output += unicodeEscape(unit, uppercase: uppercaseHex) }
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// `\u` and four hex digits.
    private static func unicodeEscape(_ unit: UInt16, uppercase: Bool) -> String {
        let hex = String(unit, radix: 16, uppercase: uppercase)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
