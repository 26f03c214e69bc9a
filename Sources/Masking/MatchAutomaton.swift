/// An Aho-Corasick automaton compiled to a dense byte DFA: one table lookup per input byte,
/// whatever the number of patterns.
struct MatchAutomaton {
    /// transitions[state * 256 + byte] → next state.
    let transitions: [Int32]
    /// Length of the longest pattern that ends in this state (0 when none does).
    let matchLength: [Int32]
    /// Length of the longest pattern prefix this state stands for.
    let depth: [Int32]

    init(patterns: [[UInt8]]) {
        var goto: [[Int32]] = [[Int32](repeating: -1, count: 256)]
        var matchLength: [Int32] = [0]
        var depth: [Int32] = [0]
        for pattern in patterns where !pattern.isEmpty {
            var state = 0
            for byte in pattern {
                let next = goto[state][Int(byte)]
                if next >= 0 {
                    state = Int(next)
                } else {
                    goto.append([Int32](repeating: -1, count: 256))
                    matchLength.append(0)
                    depth.append(depth[state] + 1)
                    goto[state][Int(byte)] = Int32(goto.count - 1)
                    state = goto.count - 1
                }
            }
            matchLength[state] = max(matchLength[state], Int32(pattern.count))
        }
        // Breadth-first: fill failure links, fold them into a full transition table, and let each
        // state inherit the longest match of its failure chain.
        var failure = [Int32](repeating: 0, count: goto.count)
        var table = [Int32](repeating: 0, count: goto.count * 256)
        var queue: [Int] = []
        for byte in 0..<256 {
            let next = goto[0][byte]
            if next > 0 {
                table[byte] = next
                failure[Int(next)] = 0
                queue.append(Int(next))
            }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            matchLength[state] = max(matchLength[state], matchLength[Int(failure[state])])
            for byte in 0..<256 {
                let next = goto[state][byte]
                if next >= 0 {
                    failure[Int(next)] = table[Int(failure[state]) * 256 + byte]
                    table[state * 256 + byte] = next
                    queue.append(Int(next))
                } else {
                    table[state * 256 + byte] = table[Int(failure[state]) * 256 + byte]
                }
            }
        }
        transitions = table
        self.matchLength = matchLength
        self.depth = depth
    }

    /// True when the automaton has patterns at all.
    var isEmpty: Bool { depth.count == 1 }
}
