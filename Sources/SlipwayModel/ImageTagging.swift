/// Docker tag rules: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
package enum ImageTagging {
    /// A valid tag from a branch name: other characters become "-", a leading "." or "-"
    /// becomes "_", and the result is cut to 128 characters ("feature/Login" → "feature-Login").
    package static func dockerTag(fromBranch branch: String) -> String {
        var characters = branch.unicodeScalars.map { scalar -> Character in
            let allowed = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_" || scalar == "." || scalar == "-"
            return allowed ? Character(scalar) : "-"
        }
        if let first = characters.first, first == "." || first == "-" { characters[0] = "_" }
        if characters.isEmpty { return "_" }
        return String(characters.prefix(128))
    }

    /// True when `tag` is a valid Docker tag.
    package static func isValidTag(_ tag: String) -> Bool {
        guard let first = tag.unicodeScalars.first, tag.unicodeScalars.count <= 128 else { return false }
        func word(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
        }
        return word(first) && tag.unicodeScalars.allSatisfy { word($0) || $0 == "." || $0 == "-" }
    }
}
