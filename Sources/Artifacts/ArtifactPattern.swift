#if canImport(Glibc)
import Glibc
#endif

/// A `files` or `exclude-paths` pattern, as CodeBuild reads it: relative to the base
/// directory, `/`-separated; `**` is any number of directories (none included), `*` and `?`
/// and `[...]` match within one name, dot files included (`**/*` is every file).
package struct ArtifactPattern: Sendable, Equatable {
    package let text: String
    let segments: [String]

    package init(_ text: String) {
        self.text = text
        var trimmed = Substring(text)
        while trimmed.hasPrefix("./") { trimmed = trimmed.dropFirst(2) }
        segments = trimmed.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
    }

    /// True when the relative path (its names) matches the whole pattern.
    package func matches(_ path: [String]) -> Bool {
        Self.match(segments[...], path[...])
    }

    /// True when the pattern names this directory itself (`dist`, `build/out`): CodeBuild then
    /// takes everything in it.
    package func namesDirectory(_ path: [String]) -> Bool {
        !segments.isEmpty && segments.last != "**" && matches(path)
    }

    private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            var remaining = path
            while true {
                if match(rest, remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let name = path.first, fnmatch(first, name, 0) == 0 else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }
}
