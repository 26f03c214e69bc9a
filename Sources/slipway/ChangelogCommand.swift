import ArgumentParser
import Platform
import Publishing
import SlipwayCore

extension ChangelogQuery.Format: ExpressibleByArgument {}

struct ChangelogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changelog",
        abstract: "Print a changelog: of a range, or of what a branch's next build would list.",
        discussion: """
        RANGE is A..B (commits in B and not in A), A.. (up to HEAD), or one revision (its whole \
        history; see --limit). Revisions are branches, tags or SHAs. Without RANGE: the commits \
        since the last successful build of --branch (default: default-branch of slipway.yml).
        """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "A..B, A.., or a single revision.")
    var range: String?

    @Option(help: "The branch whose next build's changes to list (without RANGE).")
    var branch: String?

    @Option(help: "markdown or json (a stable shape: range, groups, commits).")
    var format: ChangelogQuery.Format = .markdown

    @Option(help: "List at most this many commits.")
    var limit: Int?

    func run() throws {
        let settings = try repository.settings()
        let query = try ChangelogQuery(settings: settings, store: try repository.store(settings))
        do {
            let changelog = try query.changelog(range: range, branch: branch, limit: limit)
            writeOut(try query.render(changelog, format: format))
            // Done: a long history leaves 100 MB of parsed commits and libgit2 cache behind, and
            // freeing it piece by piece would only delay the exit (git does not free either).
            exitImmediately(0)
        } catch let error as ChangelogQueryError {
            throw ValidationError(error.description)
        }
    }
}
