extension Changelog {
    /// The stable JSON form: `{"range", ..., "groups": [{"title", "commits": [{"sha", "type",
    /// "scope", "subject", "breaking", "author", ...}]}]}`, keys in this order. Keys are never
    /// removed; new ones may be added.
    package func jsonText(pretty: Bool) -> String {
        var json = JSONStream(pretty: pretty)
        json.beginObject()
        json.key("range"); json.string(range)
        json.key("from"); json.string(from)
        json.key("to"); json.string(to)
        json.key("branch"); json.string(branch)
        json.key("basis"); writeBasis(into: &json)
        json.key("rewrite")
        if let rewrite { Changelog.writeRewrite(rewrite, into: &json) } else { json.null() }
        json.key("commitCount"); json.number(Int64(commitCount))
        json.key("skippedMerges"); json.number(Int64(skippedMerges))
        json.key("truncated"); json.bool(stoppedAtLimit != nil)
        json.key("groups")
        json.beginArray()
        for group in groups {
            json.beginObject()
            json.key("title"); json.string(group.title)
            json.key("commits")
            json.beginArray()
            for entry in group.entries { Changelog.writeEntry(entry, into: &json) }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.text
    }

    private func writeBasis(into json: inout JSONStream) {
        json.beginObject()
        switch basis {
        case .lastSuccessfulBuild(let run, let sha):
            json.key("kind"); json.string("last-successful-build")
            json.key("run"); json.number(run)
            json.key("sha"); json.string(sha)
        case .previousTagBuild(let run, let tag, let sha):
            json.key("kind"); json.string("previous-tag-build")
            json.key("run"); json.number(run)
            json.key("tag"); json.string(tag)
            json.key("sha"); json.string(sha)
        case .mergeBase(let branch, let sha):
            json.key("kind"); json.string("merge-base")
            json.key("branch"); json.string(branch)
            json.key("sha"); json.string(sha)
        case .recentCommits(let limit):
            json.key("kind"); json.string("recent-commits")
            json.key("limit"); json.number(Int64(limit))
        case .requested(let text):
            json.key("kind"); json.string("requested")
            json.key("text"); json.string(text)
        }
        json.endObject()
    }

    private static func writeRewrite(_ rewrite: HistoryRewrite, into json: inout JSONStream) {
        json.beginObject()
        json.key("replaced"); json.strings(rewrite.replaced)
        json.key("dropped")
        json.beginArray()
        for dropped in rewrite.dropped {
            json.beginObject()
            json.key("sha"); json.string(dropped.sha)
            json.key("subject"); json.string(dropped.subject)
            json.endObject()
        }
        json.endArray()
        json.key("droppedCount"); json.number(Int64(rewrite.droppedCount))
        json.key("unreadable"); json.strings(rewrite.unreadable)
        json.endObject()
    }

    private static func writeEntry(_ entry: ChangeEntry, into json: inout JSONStream) {
        json.beginObject()
        json.key("sha"); json.string(entry.sha)
        json.key("type"); json.string(entry.type)
        json.key("scope"); json.string(entry.scope)
        json.key("subject"); json.string(entry.subject)
        json.key("breaking"); json.bool(entry.breaking)
        json.key("author"); json.string(entry.author)
        json.key("email"); json.string(entry.email)
        json.key("breakingNotes"); json.strings(entry.breakingNotes)
        json.key("references"); json.strings(entry.references)
        json.key("merge"); json.bool(entry.isMerge)
        json.endObject()
    }
}
