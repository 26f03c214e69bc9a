import Changelog
import Git
import History
import Pipeline
import Platform
import Settings
import SlipwayModel

/// The report's Changes section, from the repository (libgit2) and the run history.
package struct GitChangeDescriber: ChangeDescribing {
    let repository: Repository
    let store: HistoryStore
    let settings: SlipwaySettings

    package init(repository: Repository, store: HistoryStore, settings: SlipwaySettings) {
        self.repository = repository
        self.store = store
        self.settings = settings
    }

    package func describeChanges(for run: ClaimedRun) -> ChangeSummary? {
        do {
            let changelog = try self.changelog(for: run)
            return try Self.summary(of: changelog, settings: settings)
        } catch {
            let problem = "The changes since the last successful build could not be listed: \(error)"
            return ChangeSummary(markdown: problem, json: "null", commitCount: 0, summary: problem)
        }
    }

    /// The changelog of a run (or, with `Int64.max` as its number, of the next build of a branch).
    func changelog(for run: ClaimedRun) throws -> Changelog {
        let range = try ChangeRangeResolver(repository: repository, store: store, settings: settings)
            .range(ref: run.ref, refKind: run.refKind, branch: run.branch, newSha: run.newSha, oldSha: run.oldSha, before: run.id)
        return try ChangelogCollector(repository: repository, settings: settings.changelog).collect(range, branch: run.branch)
    }

    /// The summary the report and the publishers use.
    static func summary(of changelog: Changelog, settings: SlipwaySettings) throws -> ChangeSummary {
        let limit = settings.changelog.reportLimit
        var markdown: String
        if let path = settings.changelog.template {
            do {
                markdown = try changelog.markdown(template: try readTextFile(path), templateName: path, limit: limit)
            } catch {
                markdown = "_The changelog template \(path) could not be used (\(error)); the built-in template was used._\n\n"
                    + (try changelog.markdown(limit: limit))
            }
        } else {
            markdown = try changelog.markdown(limit: limit)
        }
        let headlines = changelog.groups.lazy.flatMap(\.entries).prefix(20).map { entry in
            (entry.headline.isEmpty ? "(no message)" : entry.headline) + " (\(entry.shortSha))"
        }
        return ChangeSummary(markdown: markdown, json: changelog.jsonText(pretty: false), commitCount: changelog.commitCount,
                             summary: changelog.summary, headlines: Array(headlines), rewritten: changelog.rewrite != nil)
    }
}
