/// The built-in templates, so the binary works when templates/ is not installed. The files in
/// the repository's templates/ directory hold the same text (a test keeps them identical);
/// users copy one and point slipway.yml at their version.
package enum DefaultTemplates {
    /// templates/report.md.mustache
    package static let report = #"""
{{% CONTENT_TYPE: TEXT}}
# {{statusIcon}} Run #{{number}} {{status}}: {{branch}} at {{shortSha}}

| | |
|---|---|
| Status | **{{status}}** |
| Repository | {{repository}} |
| {{refKindTitle}} | `{{branch}}` |
| Commit | `{{sha}}` |
| Short SHA | `{{shortSha}}` |
| Subject | {{subject}} |
| Author | {{author}} |
| Trigger | {{trigger}} ({{initiator}}) |
| Started | {{startedAt}} |
| Duration | {{duration}} |
| Build ID | `{{buildId}}` |
{{#executor}}
| Ran on | {{executor}} |
{{/executor}}
{{#failure}}

## What went wrong

{{failure}}
{{/failure}}
{{#hasPhases}}

## Phases

| Phase | Status | Duration | Exit code | Note |
|---|---|---|---|---|
{{#phases}}
| {{name}} | {{status}} | {{duration}} | {{exitCode}} | {{note}} |
{{/phases}}
{{/hasPhases}}
{{#hasImages}}

## Images

| Reference | Digest | Size | Status | Note |
|---|---|---|---|---|
{{#images}}
| `{{reference}}` | `{{digest}}` | {{size}} | {{status}} | {{note}} |
{{/images}}
{{/hasImages}}
{{#hasArtifacts}}

## Artifacts

| Name | Files | Size | SHA-256 | Get it | Uploaded to |
|---|---|---|---|---|---|
{{#artifacts}}
| {{name}} | {{files}} | {{size}} | `{{sha256}}` | `{{command}}` | {{location}} |
{{/artifacts}}
{{/hasArtifacts}}
{{#tests}}

## Tests

{{tests}}
{{/tests}}
{{#imagesNote}}

## Images

{{imagesNote}}
{{/imagesNote}}
{{#changes}}

## Changes

{{changes}}
{{/changes}}
{{#hasSupersededRuns}}

Superseded runs (their commits are in this build): {{#supersededRuns}}{{.}} {{/supersededRuns}}
{{/hasSupersededRuns}}
{{#hasExportedVariables}}

## Exported variables

| Name | Value |
|---|---|
{{#exportedVariables}}
| `{{name}}` | `{{value}}` |
{{/exportedVariables}}
{{/hasExportedVariables}}
{{#hasWarnings}}

## Warnings

{{#warnings}}
- {{.}}
{{/warnings}}
{{/hasWarnings}}
{{#hasNotes}}

## Notifications

{{#notes}}
- {{.}}
{{/notes}}
{{/hasNotes}}
{{#logTail}}

## {{logTailTitle}}

{{logFence}}text
{{logTail}}
{{logFence}}
{{/logTail}}

Full log: `slipway logs {{number}}`

"""#
}
