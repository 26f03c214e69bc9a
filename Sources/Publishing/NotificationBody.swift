import Foundation
import Pipeline
import Reporting
import SlipwayModel

/// The JSON body of a webhook notification, from templates/notification.json.mustache or a
/// user's template: the whole report as Markdown, the changelog (Markdown and JSON), and a
/// `text` field that Slack and Mattermost show as the message.
enum NotificationBody {
    /// The rendered body; throws when the template fails or its output is not JSON.
    static func render(_ finished: FinishedRun, repository: String, shortSha: String, template: String?, templateName: String) throws -> String {
        let body = try TemplateRenderer.render(template ?? DefaultTemplates.notification, name: templateName,
                                               object: values(finished, repository: repository, shortSha: shortSha))
        do {
            _ = try JSONSerialization.jsonObject(with: Data(body.utf8))
        } catch {
            throw TemplateError(description: "\(templateName) did not produce valid JSON (\(error.localizedDescription)); nothing was sent")
        }
        return body
    }

    /// The values a notification template sees.
    static func values(_ finished: FinishedRun, repository: String, shortSha: String) -> [String: Any] {
        let run = finished.run
        let images = finished.images.filter { $0.status == .pushed }
        return [
            "text": text(finished, repository: repository, shortSha: shortSha),
            "number": String(run.id),
            "status": finished.status.rawValue,
            "succeeded": finished.status == .succeeded ? "true" : "false",
            "repository": repository,
            "branch": run.branch,
            "refKind": run.refKind.rawValue,
            "sha": run.newSha,
            "shortSha": shortSha,
            "subject": finished.subject,
            "author": finished.author,
            "reportPath": finished.reportPath,
            "images": images.enumerated().map { index, image in
                ["reference": image.reference, "digest": image.digest ?? "", "comma": index == 0 ? "" : ", "]
            },
            "changesMarkdown": finished.changes?.markdown ?? "",
            "changelogJSON": finished.changes?.json ?? "null",
            "markdown": finished.report,
        ]
    }

    /// A few lines a chat shows: the result, the commit, and the first changes.
    static func text(_ finished: FinishedRun, repository: String, shortSha: String) -> String {
        let run = finished.run
        let icon = finished.status == .succeeded ? "✅" : "❌"
        var lines = ["\(icon) \(repository): run #\(run.id) \(finished.status.rawValue) on \(run.branch) at \(shortSha)"
                     + (finished.subject.isEmpty ? "" : ": \(finished.subject)")]
        if let changes = finished.changes {
            lines.append(changes.summary)
            let shown = changes.headlines.prefix(10)
            lines += shown.map { "• \($0)" }
            if changes.commitCount > shown.count { lines.append("… and \(changes.commitCount - shown.count) more") }
        }
        let pushed = finished.images.filter { $0.status == .pushed }
        if let first = pushed.first {
            lines.append("Image: \(first.reference)" + (pushed.count > 1 ? " (+\(pushed.count - 1) tags)" : ""))
        }
        return lines.joined(separator: "\n")
    }
}
