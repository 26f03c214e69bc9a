extension DefaultTemplates {
    /// templates/changelog.md.mustache: a changelog section (the report's Changes, CHANGELOG.md
    /// entries, `slipway changelog`).
    package static let changelog = #"""
{{% CONTENT_TYPE: TEXT}}
{{#rewrite}}
> **History was rewritten.** {{description}}
{{#dropped}}
> - {{subject}} (`{{shortSha}}`)
{{/dropped}}
{{#moreDropped}}
> - … and {{.}} more
{{/moreDropped}}

{{/rewrite}}
{{summary}}
{{#groups}}

### {{title}}

{{#commits}}
- {{label}}{{subject}} (`{{shortSha}}`, {{author}}){{#references}} {{.}}{{/references}}
{{#breakingNotes}}
  - **BREAKING CHANGE:** {{.}}
{{/breakingNotes}}
{{/commits}}
{{/groups}}
{{#omitted}}

{{.}}
{{/omitted}}

"""#

    /// templates/notification.json.mustache: the body of a webhook notification. `text` is what
    /// Slack and Mattermost show; `markdown` is the whole run report.
    package static let notification = #"""
{{% CONTENT_TYPE: JSON}}
{
  "text": "{{text}}",
  "run": {{number}},
  "status": "{{status}}",
  "succeeded": {{succeeded}},
  "repository": "{{repository}}",
  "branch": "{{branch}}",
  "refKind": "{{refKind}}",
  "sha": "{{sha}}",
  "shortSha": "{{shortSha}}",
  "subject": "{{subject}}",
  "author": "{{author}}",
  "report": "{{reportPath}}",
  "images": [{{#images}}{{comma}}{"reference": "{{reference}}", "digest": "{{digest}}"}{{/images}}],
  "changes": "{{changesMarkdown}}",
  "changelog": {{{changelogJSON}}},
  "markdown": "{{markdown}}"
}

"""#
}
