/// Masks a byte stream as it flows, so a secret split across two reads is still caught.
///
/// Bytes are passed on as soon as no pattern could still match across them: only a tail as
/// long as the longest partial match is held back, so memory stays flat whatever the volume.
/// Every byte covered by any match is hidden; touching or overlapping matches become one `***`.
package final class MaskingStream {
    private let automaton: MatchAutomaton
    private let sink: (UnsafeRawBufferPointer) -> Void
    private var state: Int32 = 0
    /// Bytes not yet passed on, starting at absolute offset `pendingStart`.
    private var pending: [UInt8] = []
    private var pendingStart = 0
    /// Absolute offset of the next input byte.
    private var position = 0
    /// Masked ranges [start, end) in absolute offsets, sorted and merged, not yet passed on.
    private var ranges: [(start: Int, end: Int)] = []
    private var output: [UInt8] = []

    init(automaton: MatchAutomaton, sink: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.automaton = automaton
        self.sink = sink
        output.reserveCapacity(65536)
    }

    /// Feeds bytes; masked output is delivered to the sink (possibly later, for a held-back tail).
    package func write(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        if automaton.isEmpty {
            sink(bytes)
            return
        }
        let input = bytes.bindMemory(to: UInt8.self)
        var current = state
        automaton.transitions.withUnsafeBufferPointer { table in
            automaton.matchLength.withUnsafeBufferPointer { lengths in
                for index in 0..<input.count {
                    current = table[Int(current) &* 256 &+ Int(input[index])]
                    let length = Int(lengths[Int(current)])
                    if length != 0 {
                        let end = position + index + 1
                        addRange(start: end - length, end: end)
                    }
                }
            }
        }
        state = current
        let chunkStart = position
        let safeEnd = position + input.count - Int(automaton.depth[Int(state)])
        position += input.count
        // Without matches, the held-back tail and the safe part of this chunk pass straight on,
        // with no copy of the chunk.
        if ranges.isEmpty && safeEnd >= chunkStart {
            if !pending.isEmpty {
                pending.withUnsafeBytes { sink($0) }
                pending.removeAll(keepingCapacity: true)
            }
            let direct = safeEnd - chunkStart
            if direct > 0 { sink(UnsafeRawBufferPointer(rebasing: bytes[0..<direct])) }
            pending.append(contentsOf: input[direct...])
            pendingStart = safeEnd
            return
        }
        pending.append(contentsOf: input)
        emit(upTo: safeEnd)
    }

    /// Passes on everything held back (end of stream, or a point where later bytes cannot
    /// complete a secret begun earlier).
    package func finish() {
        emit(upTo: position)
        state = 0
    }

    private func addRange(start: Int, end: Int) {
        if let last = ranges.last, start <= last.end {
            // Overlapping or touching the last range: grow it (and merge any it now covers).
            var merged = (start: min(start, last.start), end: max(end, last.end))
            ranges.removeLast()
            while let previous = ranges.last, merged.start <= previous.end {
                merged = (min(merged.start, previous.start), max(merged.end, previous.end))
                ranges.removeLast()
            }
            ranges.append(merged)
        } else {
            ranges.append((start, end))
        }
    }

    /// Writes pending bytes before absolute offset `limit`, replacing masked ranges with `***`.
    ///
    /// A range that starts before `pendingStart` was cut by an earlier `emit` and already has
    /// its `***` out; only its remaining bytes are skipped. New matches never start before
    /// `pendingStart`, because the held-back tail covers every partial match.
    private func emit(upTo limit: Int) {
        let alreadyStarredBefore = pendingStart
        var cursor = pendingStart
        guard limit > cursor else { return }
        output.removeAll(keepingCapacity: true)
        var consumedRanges = 0
        for range in ranges {
            if range.start >= limit { break }
            if range.start > cursor {
                output.append(contentsOf: pending[(cursor - pendingStart)..<(range.start - pendingStart)])
            }
            if range.start >= alreadyStarredBefore {
                output.append(contentsOf: SecretMasker.replacement)
            }
            cursor = min(range.end, limit)
            if range.end > limit { break }
            consumedRanges += 1
        }
        if cursor < limit {
            output.append(contentsOf: pending[(cursor - pendingStart)..<(limit - pendingStart)])
            cursor = limit
        }
        ranges.removeFirst(consumedRanges)
        pending.removeFirst(cursor - pendingStart)
        pendingStart = cursor
        output.withUnsafeBytes { sink($0) }
    }
}
