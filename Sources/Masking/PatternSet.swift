/// The patterns to hide, indexed three ways:
/// - a sampling filter over 4-byte blocks: every pattern is at least `windowLength` bytes long,
///   so every occurrence's first `windowLength` bytes hold the block sampled for the interval of
///   `stride` starts it falls in; a sampled block that is in no pattern's prefix rules out the
///   whole interval with one hash and one bit test;
/// - a 4-byte prefix filter that rules out most remaining starts the same way;
/// - a trie (over byte classes) that finds the longest pattern starting at a position.
struct PatternSet {
    /// The shortest pattern's length, capped: the scan window.
    let windowLength: Int
    /// How many starts one sampled block rules out: `windowLength - 3`.
    let stride: Int
    /// One bit per hashed 4-byte block found in the first `windowLength` bytes of a pattern
    /// (65,536 bits, 8 KiB, so it stays in the L1 cache). Blocks sharing a bit only make the
    /// scan more careful, never wrong.
    let blockBits: [UInt64]
    /// trie[node * classCount + byteClass[byte]] → child node, or -1.
    let trie: [Int32]
    /// Length of the pattern ending at each node (0 when none ends there).
    let terminalLength: [Int32]
    /// True for nodes that a longer pattern continues from.
    let hasChildren: [Bool]
    let byteClass: [Int32]
    let classCount: Int
    /// One bit per hashed 4-byte pattern prefix (65,536 bits, 8 KiB).
    let prefixBits: [UInt64]
    let longest: Int
    let isEmpty: Bool

    init(patterns: [[UInt8]]) {
        var classes = [Int32](repeating: 0, count: 256)
        var count: Int32 = 1
        for pattern in patterns {
            for byte in pattern where classes[Int(byte)] == 0 {
                classes[Int(byte)] = count
                count += 1
            }
        }
        let width = Int(count)
        var trie = [Int32](repeating: -1, count: width)
        var terminal: [Int32] = [0]
        var bits = [UInt64](repeating: 0, count: 1024)
        for pattern in patterns where pattern.count >= 4 {
            var node = 0
            for byte in pattern {
                let slot = node * width + Int(classes[Int(byte)])
                if trie[slot] < 0 {
                    trie[slot] = Int32(terminal.count)
                    terminal.append(0)
                    trie.append(contentsOf: repeatElement(-1, count: width))
                }
                node = Int(trie[slot])
            }
            terminal[node] = Int32(pattern.count)
            let hash = PatternSet.hash(pattern[0], pattern[1], pattern[2], pattern[3])
            bits[hash >> 6] |= 1 << UInt64(hash & 63)
        }
        let window = max(4, min(64, patterns.filter { $0.count >= 4 }.map(\.count).min() ?? 4))
        var blocks = [UInt64](repeating: 0, count: 1024)
        for pattern in patterns where pattern.count >= 4 {
            for offset in 0...(window - 4) {
                let hash = PatternSet.hash(pattern[offset], pattern[offset + 1], pattern[offset + 2], pattern[offset + 3])
                blocks[hash >> 6] |= 1 << UInt64(hash & 63)
            }
        }
        windowLength = window
        stride = window - 3
        blockBits = blocks
        self.trie = trie
        terminalLength = terminal
        hasChildren = (0..<terminal.count).map { node in
            trie[(node * width)..<((node + 1) * width)].contains { $0 >= 0 }
        }
        byteClass = classes
        classCount = width
        prefixBits = bits
        longest = patterns.map(\.count).max() ?? 0
        isEmpty = terminal.count == 1
    }

    /// A 16-bit hash of four bytes.
    @inline(__always)
    static func hash(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> Int {
        hash(word: UInt32(a) | UInt32(b) << 8 | UInt32(c) << 16 | UInt32(d) << 24)
    }

    /// The same hash of four bytes read as one little-endian word.
    @inline(__always)
    static func hash(word: UInt32) -> Int {
        Int((UInt32(littleEndian: word) &* 2_654_435_761) >> 16)
    }

    /// What the trie says about the bytes from `start` on.
    enum Walk {
        /// No pattern starts here.
        case none
        /// The longest pattern starting here ends before `end` (exclusive end).
        case match(end: Int)
        /// The bytes ran out while a longer pattern could still match: wait for more. `matchedEnd`
        /// is the end of the longest pattern already complete (or -1), which counts at end of stream.
        case undecided(matchedEnd: Int)
    }

    /// Walks the trie from `start` over `bytes[start..<bytes.count]`.
    @inline(__always)
    func walk(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, trie nodes: UnsafePointer<Int32>,
              classes: UnsafePointer<Int32>) -> Walk {
        var node = 0
        var matchedEnd = -1
        var index = start
        while index < bytes.count {
            let child = nodes[node &* classCount &+ Int(classes[Int(bytes[index])])]
            if child < 0 { return matchedEnd >= 0 ? .match(end: matchedEnd) : .none }
            node = Int(child)
            index += 1
            if terminalLength[node] > 0 { matchedEnd = index }
        }
        guard hasChildren[node] else { return matchedEnd >= 0 ? .match(end: matchedEnd) : .none }
        return .undecided(matchedEnd: matchedEnd)
    }
}
