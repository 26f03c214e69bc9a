import History
import Platform
import SlipwayModel
import TestSupport
import Testing

/// CodeBuild 0.2 semantics, through a real push.
@Suite("Push to report: CodeBuild phase semantics")
struct PhaseSemanticsTests {
    @Test("a directory the build removed falls back to the checkout, saying so; one that exists only where the build runs is kept",
          arguments: ["sandbox", "none"])
    func removedWorkingDirectory(isolation: String) throws {
        let fixture = try PushFixture("gone-\(isolation)", config: "branches: [main]\nbuild: {isolation: \(isolation)}\n")
        let gone = "/tmp/slipway-gone-\(uniqueSuffix())", kept = "/tmp/slipway-kept-\(uniqueSuffix())"
        try fixture.commit("fix: dirs", files: ["buildspec.yml": """
            version: 0.2
            phases:
              build:
                commands:
                  - mkdir -p \(gone) && cd \(gone)
                  - rmdir "$PWD"
                  - echo "now in $(pwd)"
                  - mkdir -p \(kept) && cd \(kept)
                  - echo "still in $(pwd)"
                  - cd / && rmdir \(kept)
            """])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        let log = try fixture.log(run)
        #expect(run.status == .succeeded, "\(log)")
        #expect(log.contains("Directory \(gone) no longer exists; running in \(fixture.bare)/slipway/work/1/src"), "\(log)")
        #expect(log.contains("now in \(fixture.bare)/slipway/work/1/src\n"))
        #expect(log.contains("still in \(kept)\n") && !log.contains("Directory \(kept) no longer exists"), "\(log)")
    }

    @Test("output without a final newline never glues the next [Container] line onto it (issue 15 §10)")
    func unterminatedOutput() throws {
        let fixture = try PushFixture("nonewline")
        try fixture.commit("fix: tail", files: ["buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - printf 'tail-without-newline'; false\n"])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        let log = try fixture.log(run)
        #expect(run.status == .failed)
        #expect(log.contains("\ntail-without-newline\n[Container] "), "\(log)")
        #expect(!log.contains("tail-without-newline[Container]"))
    }

    @Test("cd and variables persist across commands and across phases")
    func statePersists() throws {
        let fixture = try PushFixture("state")
        try fixture.commit("feat: state", files: ["buildspec.yml": """
            version: 0.2
            phases:
              install:
                commands:
                  - mkdir -p deep/er && cd deep
                  - INSTALLED_AT=$(pwd)
              pre_build:
                commands:
                  - cd er
                  - echo "pre_build in ${PWD#$CODEBUILD_SRC_DIR/} installed ${INSTALLED_AT#$CODEBUILD_SRC_DIR/}"
              build:
                commands:
                  - echo "build in ${PWD#$CODEBUILD_SRC_DIR/}"
            """])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .succeeded)
        let log = try fixture.log(run)
        #expect(log.contains("pre_build in deep/er installed deep\n"))
        #expect(log.contains("build in deep/er\n"))
    }

    @Test("a failing build phase still runs post_build, with CODEBUILD_BUILD_SUCCEEDING=0")
    func failingBuildRunsPostBuild() throws {
        let fixture = try PushFixture("postbuild")
        try fixture.commit("fix: break", files: ["buildspec.yml": """
            version: 0.2
            phases:
              pre_build:
                commands:
                  - echo "pre_build succeeding=$CODEBUILD_BUILD_SUCCEEDING"
              build:
                commands:
                  - echo building
                  - exit 7
                  - echo not-reached
              post_build:
                commands:
                  - echo "post_build succeeding=$CODEBUILD_BUILD_SUCCEEDING"
            """])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .failed)
        let log = try fixture.log(run)
        #expect(log.contains("pre_build succeeding=1\n"))
        #expect(log.contains("post_build succeeding=0\n"))
        #expect(!log.contains("not-reached"))
        let phases = try fixture.store().phases(of: run.id)
        #expect(phases.map(\.name) == ["DOWNLOAD_SOURCE", "PRE_BUILD", "BUILD", "POST_BUILD"])
        #expect(phases.map(\.status) == ["SUCCEEDED", "SUCCEEDED", "FAILED", "SUCCEEDED"])
        #expect(phases[2].exitCode == 7)
        let report = try fixture.report(run)
        #expect(report.contains("| BUILD | FAILED |"))
        #expect(report.contains("## Log tail: BUILD, last 50 lines"))
        #expect(report.contains("Command did not exit successfully exit 7 exit status 7"))
    }

    @Test("a failing pre_build skips build and post_build")
    func failingPreBuildEndsBuild() throws {
        let fixture = try PushFixture("prebuild")
        try fixture.commit("chore: prebuild fails", files: ["buildspec.yml": """
            version: 0.2
            phases:
              pre_build:
                commands:
                  - "false"
              build:
                commands:
                  - echo build-ran
              post_build:
                commands:
                  - echo post-build-ran
            """])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .failed)
        let log = try fixture.log(run)
        #expect(!log.contains("build-ran"))
        #expect(!log.contains("post-build-ran"))
        let phases = try fixture.store().phases(of: run.id)
        #expect(phases.map(\.status) == ["SUCCEEDED", "FAILED", "SKIPPED", "SKIPPED"])
        #expect(phases.last?.context == "PRE_BUILD failed")
    }

    @Test("finally always runs, and on-failure CONTINUE goes on to the next phase")
    func finallyAndContinue() throws {
        let fixture = try PushFixture("finally")
        try fixture.commit("test: finally", files: ["buildspec.yml": """
            version: 0.2
            phases:
              install:
                on-failure: CONTINUE
                commands:
                  - exit 3
                finally:
                  - echo "install finally succeeding=$CODEBUILD_BUILD_SUCCEEDING"
              pre_build:
                commands:
                  - echo "pre_build after continue succeeding=$CODEBUILD_BUILD_SUCCEEDING"
              build:
                on-failure: ABORT
                commands:
                  - "false"
                finally:
                  - echo build-finally
              post_build:
                commands:
                  - echo post-build-ran
            """])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .failed)
        let log = try fixture.log(run)
        #expect(log.contains("install finally succeeding=0\n"))
        #expect(log.contains("pre_build after continue succeeding=0\n"))
        #expect(log.contains("build-finally\n"))
        #expect(!log.contains("post-build-ran"), "on-failure ABORT on build skips post_build")
        let phases = try fixture.store().phases(of: run.id)
        #expect(phases.map(\.status) == ["SUCCEEDED", "FAILED", "SUCCEEDED", "FAILED", "SKIPPED"])
    }

    @Test("a timeout marks the phase TIMED_OUT and leaves no process behind")
    func timeoutKillsEverything() throws {
        // The build talks to the test through host files and host pids: it runs unisolated.
        let fixture = try PushFixture("timeout", config: "branches: [main]\ntimeout: 2s\nbuild: {isolation: none}\n")
        let pidFile = fixture.scratch.file("sleeper.pid")
        try fixture.commit("perf: slow", files: ["buildspec.yml": """
            version: 0.2
            phases:
              build:
                commands:
                  - nohup sleep 300 >/dev/null 2>&1 & echo $! > \(pidFile)
                  - sh -c 'sleep 300'
              post_build:
                commands:
                  - echo post-build-ran
            """])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1, timeoutSeconds: 30).first)
        #expect(run.status == .timedOut)
        let phases = try fixture.store().phases(of: run.id)
        #expect(phases.first { $0.name == "BUILD" }?.status == "TIMED_OUT")
        #expect(!(try fixture.log(run)).contains("post-build-ran"))
        let pid = try #require(Int32(try readTextFile(pidFile).filter { !$0.isNewline }))
        #expect(!ProcessGroups.isRunning(pid), "the background sleep must be killed with the build")
        #expect(ProcessGroups.processes(withEnvironmentEntry: "SLIPWAY_RUN_TOKEN=\(run.buildId)").isEmpty)
    }

    @Test("version 0.1 runs every command in its own shell")
    func version01() throws {
        let fixture = try PushFixture("v01")
        try fixture.commit("chore: old spec", files: ["buildspec.yml": """
            version: 0.1
            environment_variables:
              plaintext:
                PACKAGE: "example.com/app"
            phases:
              build:
                commands:
                  - X=1; cd /tmp
                  - echo "x=${X:-unset} dir=$(basename $PWD) package=$PACKAGE"
            """])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .succeeded)
        #expect(try fixture.log(run).contains("x=unset dir=src package=example.com/app\n"))
    }
}
