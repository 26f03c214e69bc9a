extension Changelog {
    /// The values a changelog template sees (`groups` → `commits` → `label`, `subject`, ...).
    package func templateValues(limit: Int? = nil) -> [String: Any] {
        var remaining = limit ?? Int.max
        var shown = 0
        var groupValues: [[String: Any]] = []
        for group in groups where remaining > 0 {
            let listed = group.entries.prefix(remaining)
            remaining -= listed.count
            shown += listed.count
            groupValues.append(["title": group.title, "commits": listed.map { entryValues(EntryText($0, in: group), $0) }])
        }
        var values: [String: Any] = [
            "summary": summary,
            "range": range,
            "shortRange": shortRange,
            "branch": branch,
            "commitCount": commitCount,
            "groups": groupValues,
        ]
        if let rewrite {
            var rewriteValues: [String: Any] = [
                "description": rewriteDescription(rewrite),
                "dropped": rewrite.dropped.map { ["sha": $0.sha, "shortSha": String($0.sha.prefix(7)), "subject": EntryText.subject($0.subject)] },
            ]
            if let more = Changelog.moreDropped(rewrite) { rewriteValues["moreDropped"] = more }
            values["rewrite"] = rewriteValues
        }
        if let omitted = omittedNote(shown: shown) { values["omitted"] = omitted }
        return values
    }

    private func entryValues(_ text: EntryText, _ entry: ChangeEntry) -> [String: Any] {
        [
            "sha": entry.sha, "shortSha": entry.shortSha, "label": text.label, "subject": text.subject,
            "type": entry.type ?? "", "scope": entry.scope ?? "", "breaking": entry.breaking,
            "author": text.author, "email": entry.email, "references": text.references, "breakingNotes": text.breakingNotes,
            "merge": entry.isMerge,
        ]
    }
}

/// How one entry reads in Markdown (shared by the template values and the native writer).
struct EntryText {
    let label: String
    let subject: String
    let author: String
    let references: [String]
    let breakingNotes: [String]

    init(_ entry: ChangeEntry, in group: ChangeGroup) {
        // The group's title already says the type; elsewhere (breaking changes, the catch-all) show it.
        if let type = entry.type, group.types.contains(type), !entry.breaking || !group.types.contains("breaking") {
            label = entry.scope.map { "**\(Changelog.escaped($0)):** " } ?? ""
        } else {
            label = entry.header.map { "**\(Changelog.escaped($0)):** " } ?? ""
        }
        subject = EntryText.subject(entry.subject)
        author = Changelog.escaped(entry.author.isEmpty ? "unknown" : entry.author)
        if entry.references.isEmpty {
            references = []
        } else {
            // A squash merge's "(#12)" is already in the subject.
            let inSubject = IssueReferences.scan(entry.subject, jira: false)
            references = entry.references.filter { !inSubject.contains($0) }.map(Changelog.escaped)
        }
        breakingNotes = entry.breakingNotes.isEmpty ? [] : entry.breakingNotes.filter { $0 != entry.subject }.map(Changelog.escaped)
    }

    static func subject(_ text: String) -> String {
        text.isEmpty ? "(no message)" : Changelog.escaped(text)
    }
}
