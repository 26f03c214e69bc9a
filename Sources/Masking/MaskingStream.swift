/// Masks a byte stream as it flows, so a secret split across two reads is still caught.
///
/// Every position where a secret could start is examined: a 4-byte block sampled every
/// (shortest pattern − 3) bytes rules out whole intervals of starts at once (a bit set says
/// which blocks occur in pattern prefixes), a 4-byte prefix filter rules out most of what is
/// left, and the rare candidates are walked in a trie for the longest pattern starting there.
/// Every byte covered by a match is hidden; touching or overlapping matches become one `***`.
///
/// Bytes are passed on as soon as they are decided. Only a tail that may still be the start of a
/// secret is held back (at most as long as the longest pattern), so memory stays flat whatever
/// the volume, and live output is delayed only where a secret might be forming.
package final class MaskingStream {
    /// Receives masked output as pieces to write in order, together (one `writev`'s worth).
    package typealias PieceSink = ([UnsafeRawBufferPointer]) -> Void

    private let patterns: PatternSet
    private let sink: PieceSink
    /// Bytes not yet passed on (an undecided tail, or a chunk that arrived while one waited),
    /// from absolute offset `pendingStart`.
    private var pending: [UInt8] = []
    private var pendingStart = 0
    /// Absolute offset of the next input byte.
    private var position = 0
    /// Masked ranges [start, end) in absolute offsets, sorted and merged, not yet passed on.
    private var ranges: [(start: Int, end: Int)] = []

    init(patterns: PatternSet, sink: @escaping PieceSink) {
        self.patterns = patterns
        self.sink = sink
    }

    /// Feeds bytes; masked output is delivered to the sink (possibly later, for a held-back tail).
    package func write(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        if patterns.isEmpty {
            sink([bytes])
            return
        }
        if !pending.isEmpty && !passOnTail(before: bytes) {
            // Too few new bytes to decide the waiting tail: look at it together with them.
            pending.append(contentsOf: bytes)
            position += bytes.count
            passOnPending(upTo: pending.withUnsafeBufferPointer { scan($0, offset: pendingStart) })
            return
        }
        // The chunk is scanned and passed on where it lies, without a copy: the pieces around
        // its matches go out straight from it, and only an undecided tail waits.
        let decided = scan(bytes.bindMemory(to: UInt8.self), offset: position)
        position += bytes.count
        let tail = decided - pendingStart
        emit(from: bytes, upTo: decided)
        pending.append(contentsOf: bytes[tail...])
    }

    /// Decides the waiting tail with the first bytes of the next chunk and passes it on; false
    /// (and nothing changed) when the chunk is too short for that. A match that runs from the
    /// tail into the chunk stays recorded, so the chunk's own pass skips its rest.
    private func passOnTail(before bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= patterns.longest else { return false }
        let tailLength = pending.count
        // Every pattern starting in the tail ends within `longest` bytes of its start.
        pending.append(contentsOf: bytes[0..<patterns.longest])
        _ = pending.withUnsafeBufferPointer { scan($0, offset: pendingStart, startsBefore: tailLength) }
        pending.removeLast(patterns.longest)
        passOnPending(upTo: pendingStart + tailLength)
        return true
    }

    /// Passes on everything held back (end of stream): the undecided tail is decided now, with
    /// no more bytes to come, so a secret that ends the stream is still masked.
    package func finish() {
        guard !pending.isEmpty else { return }
        _ = pending.withUnsafeBufferPointer { scan($0, offset: pendingStart, final: true) }
        passOnPending(upTo: position)
    }

    /// Emits the pending bytes before absolute offset `limit` and drops them.
    private func passOnPending(upTo limit: Int) {
        let first = pendingStart
        pending.withUnsafeBytes { emit(from: $0, upTo: limit) }
        pending.removeFirst(limit - first)
    }

    /// Finds matches among `bytes` (which start at absolute `offset`), records them, and returns
    /// the absolute offset up to which every byte is decided. With `startsBefore`, only matches
    /// starting before that index are looked for (the rest of `bytes` is lookahead).
    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int, final: Bool = false, startsBefore: Int? = nil) -> Int {
        var decided = offset + bytes.count
        patterns.trie.withUnsafeBufferPointer { trie in
            patterns.byteClass.withUnsafeBufferPointer { classes in
                patterns.prefixBits.withUnsafeBufferPointer { bits in
                    patterns.blockBits.withUnsafeBufferPointer { blockBits in
                        guard let base = bytes.baseAddress, let nodes = trie.baseAddress, let classOf = classes.baseAddress,
                              let filter = bits.baseAddress, let blocks = blockBits.baseAddress else { return }
                        let count = bytes.count
                        let window = patterns.windowLength
                        let stride = patterns.stride
                        let raw = UnsafeRawPointer(base)
                        var index = 0
                        // Starts come in intervals of `stride`. Every occurrence's first `window`
                        // bytes hold the 4-byte block sampled for its interval, so when that block
                        // is in no pattern's first `window` bytes, no pattern starts anywhere in
                        // the interval. The samples do not depend on each other, so the CPU overlaps them.
                        let lastSampledIndex = startsBefore == nil ? count - window - stride + 1 : -1
                        let sampleOffset = window - 4
                        while index <= lastSampledIndex {
                            let block = PatternSet.hash(word: raw.loadUnaligned(fromByteOffset: index &+ sampleOffset, as: UInt32.self))
                            if blocks[block &>> 6] & (1 &<< UInt64(block & 63)) != 0 {
                                for start in index..<(index &+ stride) {
                                    let hash = PatternSet.hash(word: raw.loadUnaligned(fromByteOffset: start, as: UInt32.self))
                                    if filter[hash &>> 6] & (1 &<< UInt64(hash & 63)) != 0,
                                       !check(bytes, at: start, offset: offset, final: final, nodes: nodes, classes: classOf,
                                              decided: &decided) {
                                        return
                                    }
                                }
                            }
                            index &+= stride
                        }
                        // The last positions have no whole window ahead: walk them directly.
                        while index < min(count, startsBefore ?? count) {
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

    /// Passes on the bytes of `buffer` (which starts at absolute `pendingStart`) before absolute
    /// offset `limit` as one list of pieces, each masked range replaced by `***`.
    ///
    /// A range that starts before `pendingStart` was cut by an earlier `emit` and already has
    /// its `***` out; only its remaining bytes are skipped. A range that ends exactly at the
    /// limit is kept, so a match that touches it later still becomes part of the same `***`.
    private func emit(from buffer: UnsafeRawBufferPointer, upTo limit: Int) {
        let first = pendingStart
        guard limit > first else { return }
        func piece(_ start: Int, _ end: Int) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: buffer[(start - first)..<(end - first)])
        }
        var pieces: [UnsafeRawBufferPointer] = []
        var cursor = first
        var consumedRanges = 0
        for range in ranges {
            if range.start >= limit { break }
            if range.start > cursor { pieces.append(piece(cursor, range.start)) }
            if range.start >= first {
                let stars = SecretMasker.replacementText
                pieces.append(UnsafeRawBufferPointer(start: stars.utf8Start, count: stars.utf8CodeUnitCount))
            }
            cursor = min(range.end, limit)
            // A range ending exactly here stays: a match starting right after it must join it.
            if range.end >= limit { break }
            consumedRanges += 1
        }
        if cursor < limit { pieces.append(piece(cursor, limit)) }
        ranges.removeFirst(consumedRanges)
        pendingStart = limit
        sink(pieces)
    }
}
