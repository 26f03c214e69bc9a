import History
import Platform
import SlipwayModel
import TestSupport
import Testing

private let echoSpec = """
    version: 0.2
    phases:
      build:
        commands:
          - echo "built $CODEBUILD_WEBHOOK_TRIGGER prev=$CODEBUILD_WEBHOOK_PREV_COMMIT"
    """

@Suite("Push to report: which ref updates build")
struct RefUpdateTests {
    @Test("new branches build, deleted branches do not, tags and unmatched branches are skipped with one line")
    func refKinds() throws {
        let fixture = try PushFixture("refs", config: "branches: [main, 'release/*']\n")
        let first = try fixture.commit("feat: base", files: ["buildspec.yml": echoSpec])
        let output = try fixture.push("origin", "HEAD:main", "HEAD:refs/heads/release/1.0", "HEAD:refs/heads/feature/x",
                                      "HEAD:refs/tags/v1.0")
        #expect(output.contains("slipway: queued build #1 for main at \(first.prefix(7))"))
        #expect(output.contains("slipway: queued build #2 for release/1.0 at \(first.prefix(7))"))
        #expect(output.contains("slipway: skipped branch feature/x: it matches no pattern in slipway.yml (main, release/*)"))
        #expect(output.contains("slipway: skipped tag v1.0: tags do not build"))
        let runs = try fixture.waitForRuns(2)
        #expect(runs.map(\.branch) == ["main", "release/1.0"])
        #expect(runs.allSatisfy { $0.status == .succeeded && $0.oldSha == String(repeating: "0", count: 40) })
        #expect(try fixture.log(runs[1]).contains("built branch/release/1.0 prev=\(String(repeating: "0", count: 40))"))

        let deleted = try fixture.push("origin", ":refs/heads/release/1.0")
        #expect(deleted.contains("slipway: branch release/1.0 deleted; nothing to build"))
        Clock.sleep(milliseconds: 300)
        #expect(try fixture.store().allRuns().count == 2)
    }

    @Test("one push that updates several branches queues one build per branch, each at its own SHA")
    func severalRefsInOnePush() throws {
        let fixture = try PushFixture("multi", config: "branches: ['*']\n")
        let base = try fixture.commit("feat: base", files: ["buildspec.yml": echoSpec])
        try git("checkout", "-q", "-b", "other", in: fixture.clone)
        let other = try fixture.commit("feat: other", files: ["other.txt": "x\n"])
        let output = try fixture.push("origin", "\(base):refs/heads/main", "\(other):refs/heads/other")
        #expect(output.contains("queued build #1 for main at \(base.prefix(7))"))
        #expect(output.contains("queued build #2 for other at \(other.prefix(7))"))
        let runs = try fixture.waitForRuns(2)
        #expect(Set(runs.map(\.newSha)) == [base, other])
        #expect(runs.allSatisfy { $0.status == .succeeded })
    }

    @Test("tags build when slipway.yml lists a tag pattern")
    func tagsWhenConfigured() throws {
        let fixture = try PushFixture("tags", config: "branches: [main]\ntags: ['v*']\n")
        let sha = try fixture.commit("feat: release", files: ["buildspec.yml": echoSpec])
        let output = try fixture.push("origin", "HEAD:refs/tags/v2.0")
        #expect(output.contains("queued build #1 for v2.0 at \(sha.prefix(7))"))
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.refKind == .tag)
        #expect(try fixture.log(run).contains("built tag/v2.0"))
        #expect(run.reportPath?.hasSuffix("/reports/tags/v2.0/1.md") == true)
    }

    @Test("a malformed hook line is reported and skipped while the other lines still build")
    func malformedLine() throws {
        let fixture = try PushFixture("malformed")
        let sha = try fixture.commit("feat: ok", files: ["buildspec.yml": echoSpec])
        // Bring the commit's objects to the server under a branch that does not build.
        let skipped = try fixture.push("origin", "HEAD:refs/heads/scratch")
        #expect(skipped.contains("skipped branch scratch"))
        let zero = String(repeating: "0", count: 40)
        let input = "garbage line\n\(zero) \(sha) refs/heads/main\nabc \(sha) refs/heads/main\n"
        let result = try runCommand(SlipwayBinaries.hook, ["post-receive"], in: fixture.bare, input: input)
        #expect(result.succeeded, "the hook must never fail a push")
        #expect(result.outputText.contains("slipway: ignoring malformed line \"garbage line\": expected three fields"))
        #expect(result.outputText.contains("'abc' is not a full 40-digit hex SHA"))
        #expect(result.outputText.contains("queued build #1 for main at \(sha.prefix(7))"))
        #expect(try fixture.waitForRuns(1).first?.status == .succeeded)
    }

    @Test("an edited slipway.yml takes effect on the next push (the hook's snapshot goes stale)")
    func configurationEdits() throws {
        let fixture = try PushFixture("editconfig")
        let sha = try fixture.commit("feat: x", files: ["buildspec.yml": echoSpec])
        var output = try fixture.push("origin", "HEAD:refs/heads/dev")
        #expect(output.contains("skipped branch dev"))
        try writeTextFileAtomically(fixture.bare + "/slipway.yml", "branches: [main, dev]\n")
        try fixture.commit("feat: y", allowEmpty: true)
        output = try fixture.push("origin", "HEAD:refs/heads/dev")
        #expect(output.contains("queued build #1 for dev"))
        #expect(try fixture.waitForRuns(1).first?.oldSha == sha)
    }

    @Test("a broken slipway.yml is reported to the pusher, and the push still succeeds")
    func brokenConfiguration() throws {
        let fixture = try PushFixture("badconfig", config: "branches: [main]\nqueue:\n  moed: queue\n")
        try fixture.commit("feat: x", files: ["buildspec.yml": echoSpec])
        let output = try fixture.push()
        #expect(output.contains("slipway.yml:3:3: error: unknown key 'moed' in 'queue'; did you mean 'mode'?"))
        #expect(output.contains("nothing was queued"))
    }
}
