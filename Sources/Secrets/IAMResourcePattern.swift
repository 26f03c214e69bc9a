/// A resource pattern as IAM policies write them: `*` matches any run of characters, `/`
/// included, and `?` matches one character; everything else matches itself, case-sensitively.
/// `/myapp/*` allows `/myapp/docker/password`, as the same pattern in a CodeBuild service role's
/// policy does. (Branch patterns are globs, where `*` stays within one path segment; secret
/// names follow IAM, because that is where the same pattern is written on AWS.)
package struct IAMResourcePattern: Sendable, Equatable {
    package let text: String
    private let pattern: [UInt8]

    package init(_ text: String) {
        self.text = text
        pattern = Array(text.utf8)
    }

    /// True when the whole name matches; linear in the name's length for each `*`.
    package func matches(_ name: String) -> Bool {
        let name = Array(name.utf8)
        var p = 0, n = 0
        var star: Int?, resume = 0
        while n < name.count {
            if p < pattern.count && (pattern[p] == UInt8(ascii: "?") || pattern[p] == name[n]) {
                p += 1
                n += 1
            } else if p < pattern.count && pattern[p] == UInt8(ascii: "*") {
                star = p
                resume = n
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                n = resume
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }

    /// True when any of `patterns` matches `name`.
    package static func anyMatches(_ patterns: [String], _ name: String) -> Bool {
        patterns.contains { IAMResourcePattern($0).matches(name) }
    }
}
