/// Masks a byte stream as it flows, so a secret split across two reads is still caught.
///
/// Every position where a secret could start is examined: a 2-byte block sampled every
/// (shortest pattern − 1) bytes rules out whole intervals of starts at once (a Wu-Manber table
/// says which blocks occur in pattern prefixes), a 4-byte prefix filter rules out most of what
/// is left, and the rare candidates are walked in a trie for the longest pattern starting there. Every byte
/// covered by a match is hidden; touching or overlapping matches become one `***`.
///
/// Bytes are passed on as soon as they are decided. Only a tail that may still be the start of a
/// secret is held back (at most as long as the longest pattern), so memory stays flat whatever
/// the volume, and live output is delayed only where a secret might be forming.
package final class MaskingStream {
    private let patterns: PatternSet
    private let sink: (UnsafeRawBufferPointer) -> Void
    /// Bytes not yet passed on (the undecided tail, or a chunk with matches), from `pendingStart`.
    private var pending: [UInt8] = []
    private var pendingStart = 0
    /// Absolute offset of the next input byte.
    private var position = 0
    /// Masked ranges [start, end) in absolute offsets, sorted and merged, not yet passed on.
    private var ranges: [(start: Int, end: Int)] = []
    private var output: [UInt8] = []

    init(patterns: PatternSet, sink: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.patterns = patterns
        self.sink = sink
        output.reserveCapacity(65536)
    }

    /// Feeds bytes; masked output is delivered to the sink (possibly later, for a held-back tail).
    package func write(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        if patterns.isEmpty {
            sink(bytes)
            return
        }
        if pending.isEmpty {
            let decided = scan(bytes.bindMemory(to: UInt8.self), offset: position)
            position += bytes.count
            if ranges.isEmpty {
                // A quiet chunk passes straight on, without a copy; only its undecided tail waits.
                let direct = decided - pendingStart
                if direct > 0 { sink(UnsafeRawBufferPointer(rebasing: bytes[0..<direct])) }
                pending.append(contentsOf: bytes[direct...])
                pendingStart = decided
                return
            }
            pending.append(contentsOf: bytes)
            emit(upTo: decided)
            return
        }
        // An undecided tail is waiting: look at it together with the new bytes.
        pending.append(contentsOf: bytes)
        position += bytes.count
        let decided = pending.withUnsafeBufferPointer { scan($0, offset: pendingStart) }
        emit(upTo: decided)
    }

    /// Passes on everything held back (end of stream): the undecided tail is decided now, with
    /// no more bytes to come, so a secret that ends the stream is still masked.
    package func finish() {
        if !pending.isEmpty {
            _ = pending.withUnsafeBufferPointer { scan($0, offset: pendingStart, final: true) }
        }
        emit(upTo: position)
    }

    /// Finds matches among `bytes` (which start at absolute `offset`), records them, and returns
    /// the absolute offset up to which every byte is decided.
    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int, final: Bool = false) -> Int {
        var decided = offset + bytes.count
        patterns.trie.withUnsafeBufferPointer { trie in
            patterns.byteClass.withUnsafeBufferPointer { classes in
                patterns.prefixBits.withUnsafeBufferPointer { bits in
                    patterns.shift.withUnsafeBufferPointer { shifts in
                        guard let base = bytes.baseAddress, let nodes = trie.baseAddress, let classOf = classes.baseAddress,
                              let filter = bits.baseAddress, let shiftOf = shifts.baseAddress else { return }
                        let count = bytes.count
                        let window = patterns.windowLength
                        let raw = UnsafeRawPointer(base)
                        let stride = window - 1
                        let noPrefixBlock = UInt8(stride)
                        var index = 0
                        // Starts come in intervals of `stride`. Every occurrence's first `window`
                        // bytes hold the 2-byte block sampled for its interval, so when that block
                        // is in no pattern's prefix, no pattern starts anywhere in the interval.
                        // The samples do not depend on each other, so the CPU overlaps them.
                        while index + stride - 1 <= count - window {
                            let sample = index + window - 2
                            if shiftOf[PatternSet.blockSlot(base[sample], base[sample + 1])] != noPrefixBlock {
                                for start in index..<(index + stride) {
                                    let hash = PatternSet.hash(word: raw.loadUnaligned(fromByteOffset: start, as: UInt32.self))
                                    if filter[hash >> 6] & (1 << UInt64(hash & 63)) != 0,
                                       !check(bytes, at: start, offset: offset, final: final, nodes: nodes, classes: classOf,
                                              decided: &decided) {
                                        return
                                    }
                                }
                            }
                            index += stride
                        }
                        // The last positions have no whole window ahead: walk them directly.
                        while index < count {
                            if !check(bytes, at: index, offset: offset, final: final, nodes: nodes, classes: classOf,
                                      decided: &decided) {
                                return
                            }
                            index += 1
                        }
                    }
                }
            }
        }
        return decided
    }

    /// Checks one position; false when it is undecided (which decides everything after it too).
    @inline(__always)
    private func check(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, offset: Int, final: Bool,
                       nodes: UnsafePointer<Int32>, classes: UnsafePointer<Int32>, decided: inout Int) -> Bool {
        switch patterns.walk(bytes, from: index, trie: nodes, classes: classes) {
        case .none:
            return true
        case .match(let end):
            addRange(start: offset + index, end: offset + end)
            return true
        case .undecided(let matchedEnd):
            if final {
                if matchedEnd >= 0 { addRange(start: offset + index, end: offset + matchedEnd) }
                return true
            }
            decided = offset + index
            return false
        }
    }

    private func addRange(start: Int, end: Int) {
        if let last = ranges.last, start <= last.end {
            // Overlapping or touching the last range: grow it.
            ranges[ranges.count - 1].end = max(end, last.end)
            ranges[ranges.count - 1].start = min(start, last.start)
        } else {
            ranges.append((start, end))
        }
    }

    /// Writes pending bytes before absolute offset `limit`, replacing masked ranges with `***`.
    ///
    /// A range that starts before `pendingStart` was cut by an earlier `emit` and already has
    /// its `***` out; only its remaining bytes are skipped. A range that ends exactly at the
    /// limit is kept, so a match that touches it later still becomes part of the same `***`.
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
            // A range ending exactly here stays: a match starting right after it must join it.
            if range.end >= limit { break }
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
