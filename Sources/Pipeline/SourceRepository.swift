import Git
import Platform

/// What a build needs to know about a commit. Its texts are made fit to show here, once
/// (`DisplayText.line`: no control characters or escape sequences, at most 500 characters),
/// so the history, the report, the note and the webhook all carry the same clean subject.
package struct CommitSummary: Sendable, Equatable {
    package let sha: String
    package let subject: String
    package let authorName: String
    package let authorEmail: String

    package init(sha: String, subject: String, authorName: String, authorEmail: String) {
        self.sha = sha
        self.subject = DisplayText.line(subject)
        self.authorName = DisplayText.line(authorName)
        self.authorEmail = DisplayText.line(authorEmail)
    }

    /// "Name <email>".
    package var author: String { authorEmail.isEmpty ? authorName : "\(authorName) <\(authorEmail)>" }
}

/// The repository operations the pipeline uses, so the pipeline can be tested with an
/// in-memory source. `GitSource` is the real one, on libgit2.
package protocol SourceRepository: AnyObject {
    /// The commit's summary; throws when it does not exist.
    func commit(_ sha: String) throws -> CommitSummary
    /// A file's bytes at a commit, or nil when the commit has no such file.
    func readFile(_ path: String, at sha: String) throws -> [UInt8]?
    /// Checks the commit out into a new directory.
    func checkOut(_ sha: String, into directory: String) throws
    /// A name for the repository, for reports and CODEBUILD_BUILD_ID.
    var displayName: String { get }
    /// The repository's location, for CODEBUILD_SOURCE_REPO_URL.
    var location: String { get }
    /// The commit `sha` names: itself, or the commit an annotated tag object points to.
    func commitSha(of sha: String) throws -> String
}

extension SourceRepository {
    package func commitSha(of sha: String) throws -> String { sha }
}

/// The real source: a repository read with libgit2.
package final class GitSource: SourceRepository, @unchecked Sendable {
    package let repository: Repository

    package init(gitDirectory: String) throws {
        repository = try Repository.open(gitDirectory)
    }

    package func commit(_ sha: String) throws -> CommitSummary {
        let commit = try repository.commit(try objectID(sha))
        return CommitSummary(sha: commit.id.hex, subject: commit.subject, authorName: commit.author.name,
                             authorEmail: commit.author.email)
    }

    package func readFile(_ path: String, at sha: String) throws -> [UInt8]? {
        try repository.readFile(path, at: try objectID(sha))
    }

    package func commitSha(of sha: String) throws -> String {
        _ = try objectID(sha)
        return try repository.resolveCommit(sha).hex
    }

    package func checkOut(_ sha: String, into directory: String) throws {
        try repository.checkOut(try objectID(sha), into: directory)
    }

    package var displayName: String { repositoryName(gitDirectory: repository.gitDirectory) }
    package var location: String { "file://" + repository.gitDirectory }

    private func objectID(_ sha: String) throws -> ObjectID {
        guard let id = ObjectID(hex: sha) else {
            throw PipelineError.invalidSha(sha)
        }
        return id
    }
}

/// "app" for "/srv/git/app.git" and for "/srv/app/.git".
package func repositoryName(gitDirectory: String) -> String {
    var parts = gitDirectory.split(separator: "/").map(String.init)
    if parts.last == ".git" { parts.removeLast() }
    var name = parts.last ?? "repository"
    if name.hasSuffix(".git") { name.removeLast(4) }
    return name.isEmpty ? "repository" : name
}
