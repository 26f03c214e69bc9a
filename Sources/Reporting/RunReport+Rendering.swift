import Platform

extension RunReport {
    /// The values templates see (documented in the README's report template section).
    package var templateValues: [String: Any] {
        var values: [String: Any] = [
            "number": String(number),
            "status": status,
            "statusIcon": Self.icon(for: status),
            "succeeded": status == "SUCCEEDED",
            "repository": Markdown.cell(repository),
            "branch": Markdown.cell(branch),
            "refKind": refKind,
            "refKindTitle": refKind == "tag" ? "Tag" : "Branch",
            "sha": sha,
            "shortSha": shortSha,
            "trigger": trigger,
            "initiator": Markdown.cell(initiator),
            "buildId": buildId,
            "subject": Markdown.cell(subject),
            "author": Markdown.cell(author),
            "startedAt": startedAt.map(Clock.iso8601) ?? "not started",
            "finishedAt": finishedAt.map(Clock.iso8601) ?? "",
            "duration": duration ?? "",
            "phases": phases.map { phase -> [String: Any] in
                [
                    "name": phase.name,
                    "status": phase.status,
                    "duration": phase.durationMilliseconds.map { Clock.describeDuration(milliseconds: $0) } ?? "",
                    "exitCode": phase.exitCode.map(String.init) ?? "",
                    "note": Markdown.cell(phase.note ?? ""),
                ]
            },
            "hasPhases": !phases.isEmpty,
            "images": images.map { image -> [String: Any] in
                [
                    "reference": Markdown.cell(image.reference),
                    "digest": image.digest ?? "",
                    "size": image.sizeBytes.map(ByteCount.describe) ?? "",
                    "status": image.status,
                    "note": Markdown.cell(image.note ?? ""),
                ]
            },
            "hasImages": !images.isEmpty,
            "artifacts": artifacts.map { artifact -> [String: Any] in
                [
                    "name": Markdown.cell(artifact.name),
                    "files": String(artifact.fileCount),
                    "size": ByteCount.describe(artifact.sizeBytes),
                    "sha256": artifact.sha256,
                    "command": Markdown.cell("slipway artifacts \(number) \(artifact.name) -o \(artifact.name).zip"),
                    "location": Markdown.cell(artifact.location ?? ""),
                ]
            },
            "hasArtifacts": !artifacts.isEmpty,
            "exportedVariables": exportedVariables.map { ["name": Markdown.cell($0.name), "value": Markdown.cell($0.value)] },
            "hasExportedVariables": !exportedVariables.isEmpty,
            "warnings": warnings,
            "hasWarnings": !warnings.isEmpty,
            "notes": notes,
            "hasNotes": !notes.isEmpty,
            "supersededRuns": supersededRuns,
            "hasSupersededRuns": !supersededRuns.isEmpty,
        ]
        if let previousSha { values["previousSha"] = previousSha }
        if let failure { values["failure"] = failure }
        if let executor { values["executor"] = Markdown.cell(executor) }
        if let imagesNote { values["imagesNote"] = imagesNote }
        if let changesMarkdown { values["changes"] = changesMarkdown }
        if let testsMarkdown { values["tests"] = testsMarkdown }
        if let logTail {
            values["logTail"] = logTail
            values["logFence"] = Markdown.fence(for: logTail)
            values["logTailTitle"] = logTailTitle ?? "Log tail"
        }
        return values
    }

    /// Start to finish, readable.
    package var duration: String? {
        guard let startedAt, let finishedAt else { return nil }
        return Clock.describeDuration(milliseconds: finishedAt - startedAt)
    }

    /// Renders the report with a template (the built-in one when `template` is nil).
    package func render(template: String? = nil, templateName: String = "report.md.mustache") throws -> String {
        try TemplateRenderer.render(template ?? DefaultTemplates.report, name: templateName, object: templateValues)
    }

    static func icon(for status: String) -> String {
        switch status {
        case "SUCCEEDED": return "✅"
        case "FAILED", "FAULT": return "❌"
        case "TIMED_OUT": return "⏱️"
        case "STOPPED", "SUPERSEDED": return "⏹️"
        case "INTERRUPTED": return "⚠️"
        default: return "⏳"
        }
    }
}
