import Reporting

extension Changelog {
    /// Renders the changelog with `template` (the built-in changelog.md.mustache when nil),
    /// listing at most `limit` commits: breaking changes come first, so they are never the ones
    /// left out. The built-in template is rendered natively (it gives the same text as Mustache,
    /// a test checks it) because a 50,000-commit changelog is mostly rendering.
    package func markdown(template: String? = nil, templateName: String = "changelog.md.mustache", limit: Int? = nil) throws -> String {
        var text: String
        if let template {
            text = try TemplateRenderer.render(template, name: templateName, object: templateValues(limit: limit))
        } else {
            text = ChangelogMarkdownWriter(changelog: self).write(limit: limit)
        }
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// One sentence saying what the range is.
    package var summary: String {
        let count = commitCount
        let commits = count == 1 ? "1 commit" : "\(count) commits"
        var sentence: String
        switch basis {
        case .lastSuccessfulBuild(let run, let sha):
            sentence = count == 0 ? "No new commits since the last successful build, #\(run) (`\(sha.prefix(7))`)."
                : "\(commits) since the last successful build, #\(run) (`\(sha.prefix(7))`)."
        case .previousTagBuild(let run, let tag, let sha):
            sentence = count == 0 ? "No new commits since \(Markdown.cell(tag)) (#\(run), `\(sha.prefix(7))`)."
                : "\(commits) since \(Markdown.cell(tag)) (#\(run), `\(sha.prefix(7))`)."
        case .mergeBase(let base, let sha):
            sentence = count == 0 ? "No commits on \(Markdown.cell(branch)) since it branched from \(Markdown.cell(base)) at `\(sha.prefix(7))`."
                : "\(commits) on \(Markdown.cell(branch)) since it branched from \(Markdown.cell(base)) at `\(sha.prefix(7))`."
        case .recentCommits(let limit):
            sentence = stoppedAtLimit != nil
                ? "The first build of \(Markdown.cell(branch)), with no earlier build to compare with: its last \(limit) commits."
                : "The first build of \(Markdown.cell(branch)): its whole history, \(commits)."
        case .requested(let text):
            sentence = "\(commits) in `\(text)`."
            if stoppedAtLimit != nil { sentence += " Older commits are not listed." }
        }
        if skippedMerges > 0 {
            sentence += skippedMerges == 1 ? " 1 merge commit is not listed." : " \(skippedMerges) merge commits are not listed."
        }
        return sentence
    }

    /// "… and N more commits: ..." when `limit` leaves commits out.
    func omittedNote(shown: Int) -> String? {
        shown < commitCount ? "… and \(commitCount - shown) more commits: `slipway changelog \(shortRange)` lists them all." : nil
    }

    /// The sentence that opens a rewrite notice.
    func rewriteDescription(_ rewrite: HistoryRewrite) -> String {
        let replaced = rewrite.replaced.map { "`\($0.prefix(7))`" }.joined(separator: " and ")
        var description = "\(replaced) \(rewrite.replaced.count == 1 ? "is" : "are") no longer an ancestor of `\(to.prefix(7))` (a force-push)."
        let readable = rewrite.replaced.filter { !rewrite.unreadable.contains($0) }
        if !rewrite.unreadable.isEmpty {
            let gone = rewrite.unreadable.map { "`\($0.prefix(7))`" }.joined(separator: " and ")
            description += " \(gone) \(rewrite.unreadable.count == 1 ? "is" : "are") no longer in the repository, so what it held cannot be listed."
        }
        if !readable.isEmpty, rewrite.droppedCount > 0 {
            let count = rewrite.droppedCount >= HistoryRewrite.countLimit ? "More than \(HistoryRewrite.countLimit) commits are"
                : rewrite.droppedCount == 1 ? "1 commit is" : "\(rewrite.droppedCount) commits are"
            description += " \(count) no longer on \(Markdown.cell(branch)):"
        }
        return description
    }

    /// "12" (or "many") when more commits were dropped than listed.
    static func moreDropped(_ rewrite: HistoryRewrite) -> String? {
        guard rewrite.droppedCount > rewrite.dropped.count else { return nil }
        return rewrite.droppedCount >= HistoryRewrite.countLimit ? "many" : String(rewrite.droppedCount - rewrite.dropped.count)
    }

    /// Text safe in a Markdown list item (`Markdown.inline`).
    static func escaped(_ text: String) -> String {
        Markdown.inline(text)
    }
}
