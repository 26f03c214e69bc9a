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
    package init(secrets: [String]) {
        patterns = PatternSet(patterns: SecretVariants.patterns(for: secrets))
        secretValues = secrets
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
        return String(decoding: output, as: UTF8.self)
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
