import Git
import History
import Intake
import Masking
import Pipeline
import Platform
import Secrets
import Settings
import SlipwayModel

/// The Publishing module: what the world learns of a finished run. The change range since the
/// last good build (`ChangeRangeResolver`), the changelog collected from it
/// (`ChangelogCollector`, `ChangelogQuery` for `slipway changelog`), CHANGELOG.md, the report as
/// a git note, and webhooks with their JSON body. It plugs into the pipeline as
/// `ChangeDescribing` and `ResultPublishing`; nothing here can fail a build.
///
/// The changelog bot: after a build, CHANGELOG.md (successful builds), webhooks (as their `on`
/// says), and the final report as a git note on the built commit, so `git log --notes=slipway`
/// shows how each commit built.
package struct RunPublisher: ResultPublishing {
    let settings: SlipwaySettings
    let repository: Repository
    let secrets: SecretResolving

    package init(settings: SlipwaySettings, repository: Repository, secrets: SecretResolving) {
        self.settings = settings
        self.repository = repository
        self.secrets = secrets
    }

    package func updateChangelog(_ finished: FinishedRun) -> String? {
        updateChangelogFile(finished)
    }

    package func plannedNotifications(_ finished: FinishedRun) -> [String] {
        WebhookNotifier(webhooks: settings.changelog.webhooks, secrets: secrets).planned(finished).map { name in
            "Webhook \(name) is notified once the run is recorded; `slipway logs \(finished.run.id)` shows the delivery."
        }
    }

    package func notify(_ finished: FinishedRun, secrets runSecrets: RunSecrets) -> [String] {
        let notifier = WebhookNotifier(webhooks: settings.changelog.webhooks, secrets: secrets)
        let shortSha = String(finished.run.newSha.prefix(settings.images.shortShaLength))
        return notifier.notify(finished, render: { webhook in
            let template = try webhook.template.map { try readTextFile($0) }
            return try NotificationBody.render(finished, repository: repositoryName(gitDirectory: settings.gitDirectory), shortSha: shortSha,
                                               template: template, templateName: webhook.template ?? "notification.json.mustache")
        }, masker: runSecrets.masker, deadline: Clock.monotonicMilliseconds() + Int64(settings.changelog.notifyDeadlineSeconds) * 1000)
    }

    package func attachReport(_ finished: FinishedRun) -> String? {
        let finalReport = finished.report
        // A run whose commit never arrived (or was garbage-collected) has nothing to attach to.
        guard let notes = settings.changelog.notesReference, let id = ObjectID(hex: finished.run.newSha),
              repository.hasCommit(id) else { return nil }
        do {
            let lock = try FileLock.acquire(settings.paths.state + "/notes.lock")
            defer { lock.release() }
            let now = Clock.nowMilliseconds() / 1000
            try repository.writeNote(finalReport, on: id, notesReference: notes,
                                     author: Signature(name: "Slipway", email: "slipway@localhost", time: now))
            return nil
        } catch {
            return "The report could not be attached to \(finished.run.newSha.prefix(7)) as a git note (\(notes)): \(error)"
        }
    }

    /// Adds the run's changes to CHANGELOG.md (successful builds): next to a branch's reports,
    /// or, for tags, one file for all tags (`<reports>/CHANGELOG.md`: the release notes).
    private func updateChangelogFile(_ finished: FinishedRun) -> String? {
        guard settings.changelog.writeFile, finished.status == .succeeded, let changes = finished.changes else { return nil }
        let run = finished.run
        let path = run.refKind == .tag
            ? settings.paths.reports + "/" + ReportLocation.tagsChangelog
            : parentDirectory(finished.reportPath) + "/CHANGELOG.md"
        guard changes.commitCount > 0 || changes.rewritten else {
            return "CHANGELOG.md: no new commits, so no new entry."
        }
        let date = Clock.iso8601(finished.finishedAt).prefix(10)
        let heading = (run.refKind == .tag ? "\(run.branch) · " : "") + "Run #\(run.id) · `\(run.newSha.prefix(7))` · \(date)"
        let title = run.refKind == .tag ? "Changelog: tags" : "Changelog: \(run.branch)"
        do {
            try ChangelogFile(path: path, title: title).insert(run: run.id, heading: heading, body: changes.markdown)
            return "CHANGELOG.md updated: \(path)"
        } catch {
            return "CHANGELOG.md could not be updated (\(path)): \(error)"
        }
    }
}
