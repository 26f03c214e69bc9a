import Foundation
import History
import Platform
import SlipwayModel
import TestSupport
import Testing

@Suite("Push to report: what a build sees")
struct BuildInputTests {
    @Test("the build runs the exact pushed commit and its buildspec, even after the branch moved on")
    func exactCommit() throws {
        let fixture = try PushFixture("exact", config: "branches: [main]\nqueue:\n  mode: queue\n")
        let spec = { (word: String) in """
            version: 0.2
            phases:
              build:
                commands:
                  - echo "\(word) resolved=$CODEBUILD_RESOLVED_SOURCE_VERSION head=$(git rev-parse HEAD)"
                  - sleep 0.3
            """ }
        let first = try fixture.commit("feat: one", files: ["buildspec.yml": spec("first")])
        try fixture.push()
        let second = try fixture.commit("feat: two", files: ["buildspec.yml": spec("second")])
        try fixture.push()
        let runs = try fixture.waitForRuns(2)
        #expect(runs.map(\.newSha) == [first, second])
        #expect(try fixture.log(runs[0]).contains("first resolved=\(first) head=\(first)\n"))
        #expect(try fixture.log(runs[1]).contains("second resolved=\(second) head=\(second)\n"))
        #expect(runs[1].oldSha == first)
    }

    @Test("CODEBUILD_* variables are set as CodeBuild sets them, and GIT_* variables are removed")
    func environment() throws {
        let fixture = try PushFixture("env")
        let sha = try fixture.commit("feat: env", files: ["buildspec.yml": """
            version: 0.2
            env:
              variables:
                CODEBUILD_BUILD_NUMBER: "999"
                LITERAL: "$PATH:/x"
                COUNT: 60
                FLAG: true
            phases:
              build:
                commands:
                  - env | grep -E '^(CODEBUILD_|GIT_|LITERAL|COUNT|FLAG)' | sort
            """])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        let log = try fixture.log(run)
        #expect(log.contains("CODEBUILD_RESOLVED_SOURCE_VERSION=\(sha)\n"))
        #expect(log.contains("CODEBUILD_SOURCE_VERSION=\(sha)\n"))
        #expect(log.contains("CODEBUILD_BUILD_NUMBER=\(run.id)\n"), "CODEBUILD_* cannot be overridden by the buildspec")
        #expect(log.contains("CODEBUILD_BUILD_ID=app:\(run.buildId)\n"))
        #expect(log.contains("CODEBUILD_SRC_DIR=\(fixture.bare)/slipway/work/\(run.id)/src\n"))
        #expect(log.contains("CODEBUILD_WEBHOOK_HEAD_REF=refs/heads/main\n"))
        #expect(log.contains("CODEBUILD_WEBHOOK_TRIGGER=branch/main\n"))
        #expect(log.contains("CODEBUILD_WEBHOOK_PREV_COMMIT=\(String(repeating: "0", count: 40))\n"))
        #expect(log.contains("CODEBUILD_INITIATOR=slipway/push/"))
        #expect(log.contains("CODEBUILD_BUILD_SUCCEEDING=1\n"))
        #expect(log.range(of: #"CODEBUILD_START_TIME=\d{13}\n"#, options: .regularExpression) != nil)
        #expect(log.contains("LITERAL=$PATH:/x\n"), "values are literal, never expanded")
        #expect(log.contains("COUNT=60\n"))
        #expect(log.contains("FLAG=true\n"))
        #expect(!log.contains("\nGIT_"), "GIT_DIR and friends from the hook must not reach the build")
        let warnings = try fixture.store().warnings(of: run.id)
        #expect(warnings.contains { $0.contains("CODEBUILD_BUILD_NUMBER") && $0.contains("reserved") })
    }

    @Test("a broken buildspec gives a FAILED run whose report names the problem and its line")
    func brokenBuildspec() throws {
        let fixture = try PushFixture("badspec")
        try fixture.commit("fix: typo", files: ["buildspec.yml": """
            version: 0.2
            phases:
              build:
                comands:
                  - echo hi
            """])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .failed)
        let report = try fixture.report(run)
        #expect(report.contains("buildspec.yml:4:5: error: unknown key 'comands' in 'phases.build'; did you mean 'commands'?"))
        #expect(report.contains("| DOWNLOAD_SOURCE | FAILED |"))
        #expect(run.error?.contains("buildspec.yml has errors") == true)
    }

    @Test("a commit without buildspec.yml fails with a message saying what to add")
    func missingBuildspec() throws {
        let fixture = try PushFixture("nospec")
        try fixture.commit("docs: readme", files: ["README": "hi\n"])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .failed)
        #expect(try fixture.report(run).contains("has no buildspec.yml; add one at the repository root"))
    }

    @Test("a commit message that is not UTF-8 is built and reported without loss")
    func nonUTF8Message() throws {
        let fixture = try PushFixture("latin1")
        try fixture.write(["buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - echo ok\n"])
        try git("add", "-A", in: fixture.clone)
        // "Café" in ISO-8859-1, declared as such in the commit header.
        let message = fixture.scratch.file("message.txt")
        try writeFileAtomically(message, [0x43, 0x61, 0x66, 0xE9, 0x0A])
        try git("-c", "i18n.commitEncoding=ISO-8859-1", "commit", "-q", "-F", message, in: fixture.clone)
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .succeeded)
        #expect(run.subject == "Café")
        #expect(try fixture.report(run).contains("| Subject | Café |"))
    }
}
