/// Branch and tag patterns: `*` matches within one path segment, `**` across segments, `?` one
/// character, `[abc]` / `[a-z]` / `[!x]` a class. `release/*` matches `release/1.2` but not
/// `release/1.2/hotfix`; `release/**` matches both.
package struct GlobPattern: Sendable, Equatable {
    package let text: String
    private let pattern: [Character]

    package init(_ text: String) {
        self.text = text
        self.pattern = Array(text)
    }

    /// True when the whole name matches.
    package func matches(_ name: String) -> Bool {
        let characters = Array(name)
        var memo = [Int: Bool]()
        return match(0, 0, characters, &memo)
    }

    private func match(_ p: Int, _ n: Int, _ name: [Character], _ memo: inout [Int: Bool]) -> Bool {
        let key = p &* (name.count + 1) &+ n
        if let known = memo[key] { return known }
        let result: Bool
        if p == pattern.count {
            result = n == name.count
        } else if pattern[p] == "*" {
            let crossesSegments = p + 1 < pattern.count && pattern[p + 1] == "*"
            let next = crossesSegments ? p + 2 : p + 1
            var found = match(next, n, name, &memo)
            var index = n
            while !found && index < name.count && (crossesSegments || name[index] != "/") {
                index += 1
                found = match(next, index, name, &memo)
            }
            result = found
        } else if n == name.count {
            result = false
        } else if pattern[p] == "?" {
            result = name[n] != "/" && match(p + 1, n + 1, name, &memo)
        } else if pattern[p] == "[", let (matched, end) = matchClass(p, name[n]) {
            result = matched && match(end, n + 1, name, &memo)
        } else {
            result = pattern[p] == name[n] && match(p + 1, n + 1, name, &memo)
        }
        memo[key] = result
        return result
    }

    /// Matches a `[...]` class at `p`; returns whether it matched and the index after `]`,
    /// or nil when the bracket is not closed (it is then a literal).
    private func matchClass(_ p: Int, _ character: Character) -> (Bool, Int)? {
        var index = p + 1
        var negated = false
        if index < pattern.count && (pattern[index] == "!" || pattern[index] == "^") {
            negated = true
            index += 1
        }
        var matched = false
        var first = true
        while index < pattern.count && (first || pattern[index] != "]") {
            first = false
            if index + 2 < pattern.count && pattern[index + 1] == "-" && pattern[index + 2] != "]" {
                if pattern[index] <= character && character <= pattern[index + 2] { matched = true }
                index += 3
            } else {
                if pattern[index] == character { matched = true }
                index += 1
            }
        }
        guard index < pattern.count else { return nil }
        return (matched != negated, index + 1)
    }
}

/// True when any pattern matches the name.
package func anyGlobMatches(_ patterns: [String], _ name: String) -> Bool {
    patterns.contains { GlobPattern($0).matches(name) }
}
