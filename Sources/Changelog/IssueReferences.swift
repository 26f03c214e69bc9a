/// Issue references of a commit: `#123` in the subject (a squash merge's `(#123)`), and in
/// footers that refer to issues (`Closes #12`, `Fixes: owner/repo#3`, `Refs: PROJ-42, GH-7`).
enum IssueReferences {
    /// Footer tokens (lowercased) whose values name issues.
    static let tokens: Set<String> = ["close", "closes", "closed", "fix", "fixes", "fixed", "resolve", "resolves", "resolved",
                                      "ref", "refs", "references", "issue", "issues", "see", "see-also", "related", "part-of",
                                      "implements"]

    static func collect(subject: String, footers: [ConventionalMessage.Footer]) -> [String] {
        var found: [String] = []
        func add(_ reference: String) {
            if !found.contains(reference) { found.append(reference) }
        }
        if subject.utf8.contains(UInt8(ascii: "#")) || subject.utf8.contains(UInt8(ascii: "-")) {
            for reference in scan(subject, jira: false) { add(reference) }
        }
        for footer in footers where tokens.contains(footer.token.lowercased()) {
            for reference in scan(footer.value, jira: true) { add(reference) }
        }
        return found
    }

    /// `#N`, `owner/repo#N`, `GH-N`, and (in footers) `KEY-N` with an uppercase key.
    static func scan(_ text: String, jira: Bool) -> [String] {
        var references: [String] = []
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "(" || $0 == ")" || $0 == ";" || $0 == "[" || $0 == "]" })
        for rawWord in words {
            let word = rawWord.trimmingCharacters(".:")
            if let hash = word.firstIndex(of: "#") {
                let number = word[word.index(after: hash)...]
                let prefix = word[..<hash]
                guard !number.isEmpty, number.allSatisfy(\.isASCIIDigit) else { continue }
                if prefix.isEmpty || isRepositoryName(prefix) { references.append(String(word)) }
            } else if let dash = word.lastIndex(of: "-") {
                let key = word[..<dash]
                let number = word[word.index(after: dash)...]
                guard !number.isEmpty, number.allSatisfy(\.isASCIIDigit), !key.isEmpty else { continue }
                if key == "GH" || (jira && key.first?.isASCIIUppercaseLetter == true
                    && key.allSatisfy { $0.isASCIIUppercaseLetter || $0.isASCIIDigit }) {
                    references.append(String(word))
                }
            }
        }
        return references
    }

    private static func isRepositoryName(_ text: Substring) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "-" || $0 == "_" || $0 == "." }
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILetter: Bool { isASCII && isLetter }
    var isASCIIUppercaseLetter: Bool { isASCII && isUppercase }
}

extension Substring {
    func trimmingCharacters(_ characters: String) -> Substring {
        var result = self
        while let last = result.last, characters.contains(last) { result.removeLast() }
        while let first = result.first, characters.contains(first) { result.removeFirst() }
        return result
    }
}
