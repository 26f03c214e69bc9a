import Platform
@testable import Reporting
import Testing

/// The repository's templates/ directory, next to Tests/.
func repositoryFile(_ relative: String) throws -> String {
    var path = #filePath
    while !fileExists(path + "/Package.swift") { path = parentDirectory(path) }
    return try readTextFile(path + "/" + relative)
}

@Suite("Templates")
struct TemplateFileTests {
    @Test("templates/report.md.mustache is the built-in report template")
    func reportTemplateMatches() throws {
        #expect(try repositoryFile("templates/report.md.mustache") == DefaultTemplates.report)
    }

    @Test("templates/changelog.md.mustache and notification.json.mustache are the built-in ones")
    func changelogTemplatesMatch() throws {
        #expect(try repositoryFile("templates/changelog.md.mustache") == DefaultTemplates.changelog)
        #expect(try repositoryFile("templates/notification.json.mustache") == DefaultTemplates.notification)
    }

    @Test("a report renders its fields, phases and log tail in Markdown")
    func rendersReport() throws {
        var report = RunReport(number: 12, status: "FAILED", repository: "app", branch: "main", refKind: "branch",
                               sha: String(repeating: "a", count: 40), shortSha: "aaaaaaa", trigger: "push",
                               initiator: "slipway/push/ana", buildId: "app:1", subject: "fix: a | b", author: "Ana <a@x>")
        report.phases = [RunReport.PhaseLine(name: "BUILD", status: "FAILED", durationMilliseconds: 4200, exitCode: 2)]
        report.logTail = "line with ``` fence"
        report.logTailTitle = "Log tail: BUILD, last 50 lines"
        let text = try report.render()
        #expect(text.hasPrefix("# ❌ Run #12 FAILED: main at aaaaaaa\n"))
        #expect(text.contains("| Subject | fix: a \\| b |"), "pipes are escaped in table cells")
        #expect(text.contains("| BUILD | FAILED | 4.2s | 2 |"))
        #expect(text.contains("````text\nline with ``` fence\n````"), "the fence is longer than any backtick run")
        #expect(!text.contains("&lt;"), "Markdown is not HTML-escaped")
    }

    @Test("a broken user template is an error naming its line")
    func brokenTemplate() {
        #expect(throws: TemplateError.self) {
            try TemplateRenderer.render("ok\n{{#open}}\nnever closed", name: "mine.mustache", object: [:])
        }
    }
}
