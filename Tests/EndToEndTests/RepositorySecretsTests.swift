import Foundation
import History
import Platform
import SlipwayModel
import TestSupport
import Testing

/// Issue 15 §4: commit text is published with every secret the repository holds masked, not
/// only the secrets the current build asked for.
@Suite("Every repository secret is masked wherever commit text is published", .serialized)
struct RepositorySecretsTests {
    @Test("a commit subject holding a secret no build requested is masked in the log, report, history, CHANGELOG.md, note, webhook, rewritten list and `slipway changelog`")
    func unrequestedSecretInCommitText() throws {
        let scratch = ScratchDirectory("reposecrets")
        let receiver = try WebhookReceiver(scratch: scratch)
        let id = uniqueSuffix()
        let deployKey = "dk-\(id)-zz9"
        let accented = "pässwörd-\(id)"
        // Published subjects are cleaned (runs of spaces collapse) and Markdown-escaped (`\<`):
        // neither may undo the masking.
        let spaced = "sp  <aced>-\(id)"
        // A subject is cut at 500 characters: a secret across the cut must not leave its start.
        let cut = "cutsecret-\(id)-abcdef"
        let fixture = try PushFixture("reposecrets", config: """
            branches: [main]
            secrets:
              allow: ["/ci/*"]
            notify:
              webhooks:
                - url: http://127.0.0.1:\(receiver.port)/hook
            """)
        for (name, value) in [("/deploy/key", deployKey), ("/other/accented", accented), ("/other/spaced", spaced), ("/other/cut", cut)] {
            #expect(try SlipwayBinaries.run(["secrets", "put", name, "--repo", fixture.bare], input: value).succeeded)
        }
        // Neither secret is requested (nor allowed): the build prints only what its commit holds.
        let escaped = #"p\u00e4ssw\u00f6rd-"# + id
        try fixture.commit("feat: first", files: ["buildspec.yml": """
            version: 0.2
            phases:
              build:
                commands:
                  - |
                    printf '%s\\n' '{"value": "\(escaped)"}'
            """])
        try fixture.commit("docs: mention \(spaced) by mistake", files: ["NOTES.md": "y\n"])
        try fixture.commit("feat: " + String(repeating: "w", count: 484) + cut + " and more", files: ["LONG.md": "z\n"])
        let leaky = try fixture.commit("fix: rotate \(deployKey) (oops)", files: ["README.md": "x\n"])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .succeeded, "\(run.error ?? "")")

        let log = try fixture.log(run)
        #expect(log.contains("Checked out \(leaky) (fix: rotate *** (oops))"), "\(log)")
        #expect(log.contains(#"{"value": "***"}"#), "the JSON \\u form of a non-ASCII secret: \(log)")
        #expect(!log.contains(escaped))
        let report = try fixture.report(run)
        #expect(report.contains("rotate *** (oops)"))
        #expect(report.contains("mention *** by mistake"), "\(report)")
        let history = try SlipwayBinaries.run(["history", "--json", "--repo", fixture.bare])
        #expect(history.outputText.contains("rotate *** (oops)"))
        let changelogFile = try readTextFile(try #require(run.reportPath).replacingOccurrences(of: "/1.md", with: "/CHANGELOG.md"))
        #expect(changelogFile.contains("rotate *** (oops)"))
        try git("fetch", "-q", "origin", "refs/notes/slipway:refs/notes/slipway", in: fixture.clone)
        #expect(try git("notes", "--ref=slipway", "show", leaky, in: fixture.clone).contains("rotate *** (oops)"))
        let body = try #require(try receiver.requests().first).body
        #expect(body.contains("rotate *** (oops)"))
        let query = try SlipwayBinaries.run(["changelog", "main", "--repo", fixture.bare])
        #expect(query.succeeded && query.outputText.contains("rotate *** (oops)"), "\(query.outputText)\(query.errorText)")

        // A force-push drops the commit: the "history was rewritten" list masks it too.
        try git("reset", "-q", "--hard", "HEAD~1", in: fixture.clone)
        try fixture.commit("feat: redo", files: ["README.md": "y\n"])
        try fixture.push("-f", "origin", "HEAD:main")
        let second = try #require(try fixture.waitForRuns(2).last)
        let rewritten = try fixture.report(second)
        #expect(rewritten.contains("History was rewritten") && rewritten.contains("rotate *** (oops)"), "\(rewritten)")

        let everything = [log, report, history.outputText, changelogFile, body, query.outputText, rewritten,
                          try fixture.log(second), try readTextFile(fixture.bare + "/slipway/worker.log")]
        for text in everything {
            #expect(!text.contains(deployKey) && !text.contains(accented) && !text.contains(escaped))
            #expect(!text.contains("aced>-\(id)"), "the spaced secret, cleaned or escaped, is masked too")
            #expect(!text.contains("cutsecret-"), "the start of a secret cut short is masked")
        }
    }
}
