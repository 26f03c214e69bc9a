/// Replaces every occurrence of secret values (and their encoded forms) with `***`.
///
/// Build a masker once per build from the resolved secret values, then use `mask(_:)` for
/// strings (reports, errors, database fields) and `makeStream(_:)` for live output.
package final class SecretMasker: @unchecked Sendable {
    /// The text that replaces a secret; a static string, so its bytes never move and streams
    /// can pass them on without a copy.
    package static let replacementText: StaticString = "***"
    /// The same text as bytes.
    package static let replacement: [UInt8] = Array(
        UnsafeBufferPointer(start: replacementText.utf8Start, count: replacementText.utf8CodeUnitCount))

    let patterns: PatternSet
    /// The values this masker hides (so another masker can extend the list).
    package let secretValues: [String]

    /// A masker for these secret values; values below `SecretVariants.minimumLength` are not masked.
    /// The forms a secret takes in published text, for the start of one cut short by "…".
    let cutForms: [[UInt8]]

    package init(secrets: [String]) {
        patterns = PatternSet(patterns: SecretVariants.patterns(for: secrets))
        secretValues = secrets
        cutForms = SecretVariants.displayForms(secrets).map { Array($0.utf8) }.filter { $0.count > SecretVariants.minimumLength }
    }

    /// A masker that hides nothing.
    package static let none = SecretMasker(secrets: [])

    /// True when there is nothing to hide.
    package var isEmpty: Bool { patterns.isEmpty }

    /// The text with every secret replaced.
    package func mask(_ text: String) -> String {
        if patterns.isEmpty { return text }
        var output: [UInt8] = []
        let stream = makeStream { output.append(contentsOf: $0) }
        var copy = text
        copy.withUTF8 { stream.write(UnsafeRawBufferPointer($0)) }
        stream.finish()
        return String(decoding: maskingCutStarts(output), as: UTF8.self)
    }

    /// Published one-line text is cut at a length and ends the cut with "…" (`DisplayText.line`):
    /// the start of a secret right before an ellipsis (at least `minimumLength` bytes of it) is
    /// the secret cut short, and is masked too.
    func maskingCutStarts(_ text: [UInt8]) -> [UInt8] {
        let ellipsis: [UInt8] = [0xE2, 0x80, 0xA6]
        guard !cutForms.isEmpty, text.count >= ellipsis.count, text.contains(ellipsis[0]) else { return text }
        var output = text
        var position = output.count - ellipsis.count
        while position >= SecretVariants.minimumLength {
            if output[position..<position + ellipsis.count].elementsEqual(ellipsis) {
                let length = longestSecretStart(in: output, endingAt: position)
                if length > 0 {
                    output.replaceSubrange((position - length)..<position, with: Self.replacement)
                    position -= length
                }
            }
            position -= 1
        }
        return output
    }

    /// The length of the longest start of a secret form (at least `minimumLength` bytes, short
    /// of the whole form) that `text` holds right before `end`; 0 for none.
    private func longestSecretStart(in text: [UInt8], endingAt end: Int) -> Int {
        var longest = 0
        for form in cutForms {
            var length = min(form.count - 1, end)
            while length >= SecretVariants.minimumLength && length > longest {
                if text[(end - length)..<end].elementsEqual(form[0..<length]) {
                    longest = length
                    break
                }
                length -= 1
            }
        }
        return longest
    }

    /// True when the text contains a secret (or an encoded form of one).
    package func containsSecret(_ text: String) -> Bool {
        mask(text) != text
    }

    /// A streaming masker that passes masked bytes to `sink`. Not thread-safe: feed it from one thread.
    package func makeStream(_ sink: @escaping (UnsafeRawBufferPointer) -> Void) -> MaskingStream {
        MaskingStream(patterns: patterns) { pieces in
            for piece in pieces { sink(piece) }
        }
    }

    /// A streaming masker that passes masked output to `sink` as lists of pieces to write in
    /// order, so a chunk with matches goes out in one vectored write, without being copied.
    package func makePieceStream(_ sink: @escaping MaskingStream.PieceSink) -> MaskingStream {
        MaskingStream(patterns: patterns, sink: sink)
    }
}
