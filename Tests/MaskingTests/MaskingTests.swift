import Foundation
@testable import Masking
import Testing

@Suite("Secret masking")
struct MaskingTests {
    private func streamed(_ masker: SecretMasker, chunks: [String]) -> String {
        var output: [UInt8] = []
        let stream = masker.makeStream { output.append(contentsOf: $0) }
        for chunk in chunks {
            var copy = chunk
            copy.withUTF8 { stream.write(UnsafeRawBufferPointer($0)) }
        }
        stream.finish()
        return String(decoding: output, as: UTF8.self)
    }

    @Test("a value is replaced wherever it appears")
    func plain() {
        let masker = SecretMasker(secrets: ["hunter22"])
        #expect(masker.mask("pw=hunter22 and again hunter22.") == "pw=*** and again ***.")
        #expect(masker.mask("nothing here") == "nothing here")
    }

    @Test("a secret split across reads is still masked, at every split point")
    func splitAcrossChunks() {
        let masker = SecretMasker(secrets: ["s3cr3t-value"])
        let text = "before s3cr3t-value after"
        for split in 1..<text.utf8.count {
            let bytes = Array(text.utf8)
            let chunks = [String(decoding: bytes[..<split], as: UTF8.self), String(decoding: bytes[split...], as: UTF8.self)]
            #expect(streamed(masker, chunks: chunks) == "before *** after", "split at \(split)")
        }
        let oneByteAtATime = text.map { String($0) }
        #expect(streamed(masker, chunks: oneByteAtATime) == "before *** after")
    }

    @Test("overlapping and adjacent secrets become one mask; a near miss is left alone")
    func overlaps() {
        let masker = SecretMasker(secrets: ["abcdef", "defghi"])
        #expect(masker.mask("xabcdefghiy") == "x***y")
        #expect(masker.mask("abcdefabcdef") == "***")
        #expect(masker.mask("abcde fghi") == "abcde fghi")
    }

    @Test("multi-line secrets are masked line by line")
    func multiLine() {
        let key = "-----BEGIN KEY-----\nMIIEowIBAAKCAQEA\n-----END KEY-----"
        let masker = SecretMasker(secrets: [key])
        #expect(masker.mask("got: MIIEowIBAAKCAQEA (a line of it)") == "got: *** (a line of it)")
        #expect(masker.mask(key) == "***")
    }

    @Test("base64, URL-encoded and JSON-escaped forms are masked")
    func encodedForms() {
        let secret = "p@ss w/\"quote\" & more"
        let masker = SecretMasker(secrets: [secret])
        #expect(masker.mask("b64 cEBzcyB3LyJxdW90ZSIgJiBtb3Jl end") == "b64 *** end")
        #expect(masker.mask("url p%40ss%20w%2F%22quote%22%20%26%20more end") == "url *** end")
        #expect(masker.mask("form p%40ss+w%2F%22quote%22+%26+more end") == "form *** end")
        #expect(masker.mask(#"json "p@ss w/\"quote\" & more" end"#) == #"json "***" end"#)
        #expect(masker.mask(#"json p@ss w\/\"quote\" & more end"#) == "json *** end")
    }

    @Test("a non-ASCII secret is masked in JSON's \\uXXXX form, lower or upper case, with surrogate pairs")
    func asciiOnlyJSON() throws {
        let secret = "pässwörd-🔑"
        let masker = SecretMasker(secrets: [secret])
        let pythonForm = String(decoding: try JSONSerialization.data(withJSONObject: [secret]), as: UTF8.self)
        #expect(masker.mask(#"["p\u00e4ssw\u00f6rd-\ud83d\udd11"]"#) == #"["***"]"#, "Python's json.dumps and jq -a")
        #expect(masker.mask(#"["p\u00E4ssw\u00F6rd-\uD83D\uDD11"]"#) == #"["***"]"#)
        #expect(!masker.mask(pythonForm).contains("rd-"), "Foundation's own JSON: \(pythonForm)")
        #expect(masker.mask(#"p\u00e4ssw\u00f6rd-\ud83d"#) == #"p\u00e4ssw\u00f6rd-\ud83d"#, "a near miss is left alone")
    }

    @Test("a secret stays masked in published text that was cleaned (runs of spaces, tabs, control characters) or Markdown-escaped (<tag)")
    func cleanedAndEscapedForms() {
        let masker = SecretMasker(secrets: ["pa\tss  <word>\u{1B}[0m-77"])
        #expect(masker.mask("fix: pa ss <word>-77 done") == "fix: *** done", "as DisplayText.line leaves a subject")
        #expect(masker.mask(#"- pa ss \<word>-77 (abc1234)"#) == "- *** (abc1234)", "as a Markdown list item escapes it")
        #expect(masker.mask("raw pa\tss  <word>\u{1B}[0m-77") == "raw ***")
    }

    @Test("a secret cut short by '…' (a subject cut at its length) is masked from its start; a short or absent start is left alone")
    func cutShortSecret() {
        let masker = SecretMasker(secrets: ["tok-1234567890"])
        #expect(masker.mask("fix: rotate tok-12345…") == "fix: rotate ***…")
        #expect(masker.mask("- rotate tok-12345… (abc1234)\n- rotate tok-1234567890 (def5678)") == "- rotate ***… (abc1234)\n- rotate *** (def5678)")
        #expect(masker.mask("fix: rotate to…") == "fix: rotate to…", "three bytes of a secret say nothing")
        #expect(masker.mask("and so on…") == "and so on…")
    }

    @Test("base64 inside a longer encoded stream is masked at any alignment")
    func base64Alignments() {
        let secret = "correct-horse-battery"
        let masker = SecretMasker(secrets: [secret])
        for prefix in ["", "a", "ab", "abc"] {
            let encoded = String(decoding: SecretVariants.base64(Array((prefix + secret + "!tail").utf8)), as: UTF8.self)
            #expect(masker.mask(encoded).contains("***"), "prefix \(prefix.count) bytes: \(encoded)")
        }
    }

    @Test("values shorter than the minimum are not masked, and are reported as too short")
    func minimumLength() {
        let masker = SecretMasker(secrets: ["abc"])
        #expect(masker.mask("abc abc") == "abc abc")
        #expect(SecretVariants.isTooShort("abc"))
        #expect(!SecretVariants.isTooShort("abcd"))
    }

    @Test("a secret that ends the stream, with no newline after it, is masked")
    func secretAtEnd() {
        let masker = SecretMasker(secrets: ["abcdef", "defghi"])
        #expect(masker.mask("abcdefabcdef") == "***")
        #expect(masker.mask("x abcdef") == "x ***")
        #expect(masker.mask("x abcdefgh") == "x ***gh", "a longer pattern that never completes leaves the shorter match masked")
    }

    @Test("random text, random secrets, random chunking: the stream masks exactly what a naive search finds",
          arguments: 0..<300)
    func differential(seed: Int) {
        var random = SplitMix(seed: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        let alphabet = Array("abcde01 \n")
        let secrets = (0..<Int.random(in: 1...4, using: &random)).map { _ in
            String((0..<Int.random(in: 4...9, using: &random)).map { _ in alphabet[Int.random(in: 0..<5, using: &random)] })
        }
        var text = ""
        for _ in 0..<Int.random(in: 20...60, using: &random) {
            if Int.random(in: 0..<4, using: &random) == 0, let secret = secrets.randomElement(using: &random) {
                text += secret
            } else {
                text.append(alphabet[Int.random(in: 0..<alphabet.count, using: &random)])
            }
        }
        let masker = SecretMasker(secrets: secrets)
        let bytes = Array(text.utf8)
        var chunks: [[UInt8]] = []
        var index = 0
        while index < bytes.count {
            let size = Int.random(in: 1...7, using: &random)
            chunks.append(Array(bytes[index..<min(index + size, bytes.count)]))
            index += size
        }
        #expect(streamed(masker, chunks: chunks.map { String(decoding: $0, as: UTF8.self) }) == naiveMask(text, patterns: SecretVariants.patterns(for: secrets)),
                "secrets \(secrets) in \(text.debugDescription)")
    }

    @Test("long text, long and short secrets in every encoded form, chunks of up to 8 KiB: the sampled scan misses nothing",
          arguments: 0..<24)
    func differentialLong(seed: Int) {
        var random = SplitMix(seed: UInt64(seed) &* 0xD1B5_4A32_D192_ED03 &+ 7)
        let alphabet = Array("abcdef0123 =\n")
        let secrets = (0..<Int.random(in: 1...5, using: &random)).map { _ in
            String((0..<Int.random(in: 4...40, using: &random)).map { _ in alphabet[Int.random(in: 0..<12, using: &random)] })
        }
        let patterns = SecretVariants.patterns(for: secrets)
        var bytes: [UInt8] = []
        while bytes.count < 16_000 {
            if Int.random(in: 0..<40, using: &random) == 0, let pattern = patterns.randomElement(using: &random) {
                bytes += pattern
            } else {
                bytes.append(UInt8(ascii: alphabet[Int.random(in: 0..<alphabet.count, using: &random)].unicodeScalars.first ?? "a"))
            }
        }
        var output: [UInt8] = []
        let stream = SecretMasker(secrets: secrets).makePieceStream { pieces in
            for piece in pieces { output.append(contentsOf: piece) }
        }
        var index = 0
        while index < bytes.count {
            let end = min(bytes.count, index + Int.random(in: 1...8192, using: &random))
            bytes[index..<end].withUnsafeBytes { stream.write($0) }
            index = end
        }
        stream.finish()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(String(decoding: output, as: UTF8.self) == naiveMask(text, patterns: patterns), "secrets \(secrets)")
    }

    /// Marks every byte of every occurrence of every pattern, then collapses each marked run to ***.
    private func naiveMask(_ text: String, patterns: [[UInt8]]) -> String {
        let bytes = Array(text.utf8)
        var masked = [Bool](repeating: false, count: bytes.count)
        for pattern in patterns where pattern.count <= bytes.count {
            for start in 0...(bytes.count - pattern.count)
            where !(0..<pattern.count).contains(where: { bytes[start + $0] != pattern[$0] }) {
                for offset in 0..<pattern.count { masked[start + offset] = true }
            }
        }
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if masked[index] {
                output += SecretMasker.replacement
                while index < bytes.count && masked[index] { index += 1 }
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    @Test("memory stays flat: only a partial match is held back")
    func heldBackTail() {
        let masker = SecretMasker(secrets: ["0123456789"])
        var delivered = 0
        let stream = masker.makeStream { delivered += $0.count }
        let chunk = Array(repeating: UInt8(ascii: "x"), count: 1 << 16)
        for _ in 0..<64 { chunk.withUnsafeBytes { stream.write($0) } }
        #expect(delivered == 64 << 16, "plain output passes straight through")
        var tail = Array("...01234".utf8)
        tail.withUnsafeMutableBytes { stream.write(UnsafeRawBufferPointer($0)) }
        #expect(delivered == (64 << 16) + 3, "only the possible start of a secret waits")
        stream.finish()
        #expect(delivered == (64 << 16) + 8)
    }
}

/// A small deterministic random generator, so failures replay.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
