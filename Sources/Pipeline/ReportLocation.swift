import Crypto
import SlipwayModel

/// Where a ref's reports and CHANGELOG.md live under `paths.reports`, laid out so that no ref's
/// files can collide with another ref's or with Slipway's own files:
///
///     <reports>/CHANGELOG.md                  the tags' changelog (the release notes)
///     <reports>/branches/<folder>/<N>.md      run N of a branch
///     <reports>/branches/<folder>/CHANGELOG.md
///     <reports>/tags/<folder>/<N>.md          run N of a tag
///
/// A ref's folder is one path component: `feature/login` is `feature~login`. `~` can never be
/// part of a git ref name (git check-ref-format), so the encoding reads well and reverses:
/// `/` becomes `~`, and the two characters that would make it ambiguous, `%` and `~`, are
/// percent-encoded. A folder holds only Slipway's files (`<N>.md`, CHANGELOG.md), and branches
/// and tags have separate trees, so `x` and `x/2.md`, a branch `tags` and a tag `13.md`, or a
/// tag named `CHANGELOG.md` each get their own place.
package enum ReportLocation {
    /// Folder names are kept well under the usual 255-byte file-name limit.
    static let maximumFolderBytes = 200

    /// `branches/main`, `branches/feature~login` or `tags/v1.2`.
    package static func folder(kind: RefKind, name: String) -> String {
        (kind == .tag ? "tags/" : "branches/") + folderName(for: name)
    }

    /// The one-component folder name of a ref's short name. A name whose encoding would be too
    /// long keeps a readable prefix and ends with `~~` and a SHA-256 prefix of the full name
    /// (`~~` cannot come out of the encoding, since a ref name never holds `//`).
    package static func folderName(for name: String) -> String {
        let units: [String] = name.unicodeScalars.map { scalar in
            switch scalar {
            case "/": return "~"
            case "~": return "%7E"
            case "%": return "%25"
            default: return String(scalar)
            }
        }
        let encoded = units.joined()
        guard encoded.utf8.count > maximumFolderBytes else { return encoded }
        let digest = SHA256.hash(data: Array(name.utf8)).prefix(12).map { byte in
            (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
        // Whole units only (never half an escape), and no `~` right before the `~~` marker.
        var prefix: [String] = []
        var length = 0
        for unit in units {
            guard length + unit.utf8.count <= maximumFolderBytes - 26 else { break }
            prefix.append(unit)
            length += unit.utf8.count
        }
        while prefix.last == "~" { prefix.removeLast() }
        return prefix.joined() + "~~" + digest
    }

    /// The ref short name a folder name stands for; nil for a shortened (hashed) name or text
    /// that is not an encoding.
    package static func name(ofFolder folder: String) -> String? {
        guard !folder.contains("~~") else { return nil }
        var name = ""
        var scalars = Array(folder.unicodeScalars)[...]
        while let first = scalars.popFirst() {
            switch first {
            case "~":
                name += "/"
            case "%":
                let code = String(String.UnicodeScalarView(scalars.prefix(2)))
                scalars = scalars.dropFirst(2)
                switch code {
                case "25": name += "%"
                case "7E": name += "~"
                default: return nil
                }
            default:
                name.unicodeScalars.append(first)
            }
        }
        return name
    }

    /// The tags' changelog, relative to `paths.reports`.
    package static let tagsChangelog = "CHANGELOG.md"
}
