import Foundation
import History
import Platform
import SlipwayModel
import TestSupport
import Testing

/// Issue 15 §10: the smaller defects, each reproduced as a user met it.
@Suite("Smaller defects of issue 15 §10", .serialized)
struct SmallDefectsTests {
    @Test("a broken slipway.yml does not block history, show, logs or queue: they work with a warning naming the file and line")
    func readOnlyCommandsSurviveBrokenConfig() throws {
        let fixture = try PushFixture("brokenread", config: "branches: [main]\npaths:\n  state: slipway-state\n")
        try fixture.commit("feat: one", files: ["buildspec.yml": Buildspecs.passing])
        fixture.state = fixture.bare + "/slipway-state"
        try fixture.push()
        #expect(try fixture.waitForRuns(1).first?.status == .succeeded)
        try writeTextFileAtomically(fixture.bare + "/slipway.yml", "branches: [main]\npaths:\n  state: slipway-state\nqueue: {mode: sometimes}\n")
        for arguments in [["history"], ["show", "1"], ["logs", "1"], ["queue"]] {
            let result = try SlipwayBinaries.run(arguments + ["--repo", fixture.bare])
            #expect(result.succeeded, "\(arguments): \(result.errorText)")
            #expect(result.errorText.contains("warning: \(fixture.bare)/slipway.yml has errors"), "\(arguments): \(result.errorText)")
            #expect(result.errorText.contains("slipway.yml:4:"), "the problem's line: \(result.errorText)")
        }
        #expect(try SlipwayBinaries.run(["history", "--repo", fixture.bare]).outputText.contains("feat: one"),
                "the history of paths.state, as the last good slipway.yml set it")
        #expect(try SlipwayBinaries.run(["logs", "1", "--repo", fixture.bare]).outputText.contains("Build complete: SUCCEEDED"))
        let build = try SlipwayBinaries.run(["run", "--branch", "main", "--repo", fixture.bare])
        #expect(!build.succeeded && build.errorText.contains("slipway.yml:4:"), "commands that build still refuse: \(build.errorText)")
    }

    @Test("`slipway queue` lists the queue when server.yml is broken, with a warning")
    func queueSurvivesBrokenServerConfig() throws {
        let fixture = try PushFixture("brokenserver", config: "branches: [main]\n")
        let server = try fixture.scratch.write("server.yml", "max-builds: lots\n")
        let store = try fixture.store()
        _ = try store.enqueue([BuildRequest(ref: "refs/heads/main", branch: "main", refKind: .branch, oldSha: RefUpdate.zeroSha,
                                           newSha: String(repeating: "b", count: 40), trigger: .push, initiator: "t", policy: QueuePolicy())])
        let result = try SlipwayBinaries.run(["queue", "--repo", fixture.bare], environment: ["SLIPWAY_SERVER_CONFIG": server])
        #expect(result.succeeded && result.outputText.contains("QUEUED"), "\(result.outputText)\(result.errorText)")
        #expect(result.errorText.contains("warning: the server configuration could not be read") && result.errorText.contains("server.yml"))
    }

    @Test("a buildspec.yml that links inside the tree is followed; one that leaves it fails, saying so")
    func symlinkedBuildspec() throws {
        let fixture = try PushFixture("linkedspec", config: "branches: [main, escape]\n")
        try fixture.write(["ci/buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - echo from-the-link-target\n"])
        try runCommand("ln", ["-s", "ci/buildspec.yml", fixture.clone + "/buildspec.yml"])
        try fixture.commit("feat: linked buildspec")
        try fixture.push()
        let linked = try #require(try fixture.waitForRuns(1).first)
        #expect(linked.status == .succeeded, "\(linked.error ?? "")")
        #expect(try fixture.log(linked).contains("from-the-link-target"))

        try runCommand("rm", [fixture.clone + "/buildspec.yml"])
        try runCommand("ln", ["-s", "../../slipway/secrets/store.json", fixture.clone + "/buildspec.yml"])
        try fixture.commit("feat: escaping buildspec")
        try fixture.push("origin", "HEAD:refs/heads/escape")
        let escaping = try #require(try fixture.waitForRuns(2).last)
        #expect(escaping.status == .failed)
        let error = try #require(escaping.error)
        #expect(error.contains("buildspec.yml is a symbolic link to ../../slipway/secrets/store.json, which is outside the repository"), "\(error)")
        #expect(try fixture.report(escaping).contains("outside the repository"))
    }

    @Test("buildspec: ./ci/buildspec.yml names the commit's ci/buildspec.yml (it was accepted, then 'not found')")
    func dotSlashBuildspecPath() throws {
        let fixture = try PushFixture("dotslash", config: "branches: [main]\nbuildspec: ./ci/buildspec.yml\n")
        try fixture.commit("feat: nested buildspec", files: ["ci/buildspec.yml": Buildspecs.passing])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .succeeded, "\(run.error ?? "")")
        #expect(try fixture.log(run).contains("YAML location is ci/buildspec.yml"))
    }

    @Test("the report's log tail keeps the failing command after a 400 KB and a 100 KB line, and cuts both")
    func logTailAfterLongLine() throws {
        let fixture = try PushFixture("longline", config: "branches: [main]\n")
        try fixture.commit("feat: long output", files: ["buildspec.yml": """
            version: 0.2
            phases:
              build:
                commands:
                  - head -c 400000 /dev/zero | tr '\\0' b; echo
                  - head -c 100000 /dev/zero | tr '\\0' a; echo
                  - echo before-the-failure
                  - sh -c 'exit 7'
            """])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .failed)
        let report = try fixture.report(run)
        #expect(report.contains("Command did not exit successfully sh -c 'exit 7' exit status 7"), "\(report.suffix(3000))")
        #expect(report.contains("before-the-failure"))
        #expect(report.contains("aaaa … (98000 more bytes in the log)"), "the 100 KB line keeps its start")
        #expect(report.contains("\n… bbbb"), "the 400 KB line, longer than the tail's window, shows its end")
        #expect(report.utf8.count < 40_000, "the long line is cut in the report (\(report.utf8.count) bytes)")
    }
}
