/// A commit as a changelog needs it: plain values, so changelogs can be made and tested without
/// a repository.
package struct ChangelogCommit: Sendable {
    package var sha: String
    package var parentCount: Int
    /// The full message (any text; not necessarily conventional).
    package var message: String
    package var authorName: String
    package var authorEmail: String

    package init(sha: String, parentCount: Int, message: String, authorName: String, authorEmail: String) {
        self.sha = sha
        self.parentCount = parentCount
        self.message = message
        self.authorName = authorName
        self.authorEmail = authorEmail
    }
}

/// One commit in a changelog: its parsed message, without the body.
package struct ChangeEntry: Sendable, Equatable {
    package var sha: String
    package var type: String?
    package var scope: String?
    package var subject: String
    package var breaking: Bool
    /// The header itself has `!` (`feat(api)!: ...`).
    package var exclaimed: Bool
    package var breakingNotes: [String]
    package var author: String
    package var email: String
    package var references: [String]
    package var isMerge: Bool

    package init(_ commit: ChangelogCommit) {
        let message = ConventionalMessage.parse(commit.message)
        sha = commit.sha
        type = message.type
        scope = message.scope
        subject = message.subject
        breaking = message.breaking
        exclaimed = message.exclaimed
        breakingNotes = message.breakingNotes
        author = TextCleaning.subject(commit.authorName)
        email = TextCleaning.subject(commit.authorEmail)
        references = message.references
        isMerge = commit.parentCount > 1
    }

    /// The first seven characters of the SHA.
    package var shortSha: String { String(sha.prefix(7)) }

    /// `type(scope)!: subject` for a conventional commit, the subject alone otherwise.
    package var headline: String {
        header.map { "\($0): \(subject)" } ?? subject
    }

    /// `type(scope)!`, as written in a conventional header; nil when not conventional.
    package var header: String? {
        type.map { type in type + (scope.map { "(\($0))" } ?? "") + (exclaimed ? "!" : "") }
    }
}
