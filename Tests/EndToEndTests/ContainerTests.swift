import History
import Platform
import SlipwayModel
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// slipway.yml for builds in the toolbox image on the test engine.
private func containerConfig(_ extra: String = "") throws -> String {
    let host = try TestServices.dockerHost()
    try ToolboxImage.ensure(dockerHost: host)
    return "branches: [main]\ndocker:\n  host: \(host)\nbuild:\n  image: \(ToolboxImage.name)\n" + extra
}

/// The engine's containers (running or not) that carry a run's marker label.
private func containers(of run: RunRecord) throws -> [String] {
    let listed = try runCommand("docker", ["ps", "-a", "-q", "--filter", "label=slipway.run=\(run.buildId)"],
                                environment: ["DOCKER_HOST": try TestServices.dockerHost()])
    return listed.outputText.split(separator: "\n").map(String.init)
}

/// Waits until `condition` holds (or `seconds` pass); returns whether it did.
private func eventually(_ seconds: Int, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Clock.monotonicMilliseconds() + Int64(seconds) * 1000
    while Clock.monotonicMilliseconds() < deadline {
        if try condition() { return true }
        Clock.sleep(milliseconds: 100)
    }
    return try condition()
}

@Suite("Container mode: one container per build from build.image, on a real Docker engine", .serialized)
struct ContainerTests {
    @Test("in the container every escape fails: store, database, other logs, slipway.yml, hooks, refs, HOME, daemons; the server's files are byte-identical")
    func containerStopsEveryEscape() throws {
        let fixture = try PushFixture("container-attack", config: try containerConfig())
        try fixture.commit("feat: first", files: ["buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - echo other-run-marker\n"])
        try fixture.push()
        let first = try #require(try fixture.waitForRuns(1, timeoutSeconds: 120).first)
        let firstLog = try fixture.log(first)
        #expect(first.status == .succeeded, "\(first.error ?? "") \(firstLog)")
        try SlipwayBinaries.run(["secrets", "put", "/server/registry-password", "--repo", fixture.bare], input: "registry-pw-0a9b8c7d")
        let before = try snapshot(fixture)
        // The image has a /root of its own: the server user's HOME is a host directory the image lacks.
        let hostHome = fixture.scratch.file("server-home")
        try makeDirectories(hostHome)
        let spec = attack(bare: fixture.bare, hostHome: hostHome, tag: "container", sleeps: 3271)
            + "\n      - echo \"image $IMAGE_ONLY path $PATH src $CODEBUILD_SRC_DIR\"\n"
        let attackSha = try fixture.commit("feat: attack", files: ["buildspec.yml": spec])
        try git("push", "-q", "origin", "HEAD:refs/heads/main", in: fixture.clone, environment: ["SLIPWAY_TEST_SERVER_ONLY": "1"])
        let run = try #require(try fixture.waitForRuns(2, timeoutSeconds: 120).last)
        let log = try fixture.log(run)
        #expect(run.status == .succeeded, "\(log)")
        let output = log.split(separator: "\n").filter { !$0.hasPrefix("[Container]") }
        #expect(output.filter { $0.hasPrefix("ESCAPE") }.isEmpty, "\(log)")
        #expect(!log.contains("registry-pw-0a9b8c7d") && !output.contains("other-run-marker"))
        #expect(log.contains("git log works"), "the checkout's history is readable through the read-only object store")
        #expect(log.contains("Starting a build container from \(ToolboxImage.name)") && log.contains("ready in"))
        #expect(log.contains("home /root\n"), "the image user's HOME, not the server's")
        #expect(log.contains("image from-the-image path /usr/bin:/bin src \(fixture.bare)/slipway/work/2/src\n"),
                "the image's environment, and the checkout at the same CODEBUILD_SRC_DIR: \(log)")
        #expect(try git("rev-parse", "refs/heads/main", in: fixture.bare).filter { !$0.isWhitespace } == attackSha)
        let after = try snapshot(fixture)
        #expect(after == before, "the server's files are byte-identical: \(after.filter { before[$0.key] != $0.value }.keys.sorted())")
        #expect(hostProcesses(["sleep", "3271"]).isEmpty && hostProcesses(["sleep", "3272"]).isEmpty,
                "setsid daemons and double forks end with the container")
        #expect(try eventually(10) { try containers(of: run).isEmpty }, "the engine removed the build container")
        #expect(try fixture.report(run).contains("| Ran on | a container from `\(ToolboxImage.name)` on this host's container engine |"))
    }

    @Test("0.2 shell state, run-as, exported variables and finally work in the container as on CodeBuild")
    func shellStateAndRunAs() throws {
        let fixture = try PushFixture("container-state", config: try containerConfig())
        try fixture.commit("feat: state", files: ["buildspec.yml": """
            version: 0.2
            run-as: builder
            env:
              variables:
                GREETING: hello
              exported-variables: [RESULT]
            phases:
              install:
                commands:
                  - echo "user $(id -u) home $HOME"
                  - mkdir -p sub && cd sub && export CARRIED=yes && GONE=1
                  - unset GONE IMAGE_ONLY
              build:
                commands:
                  - echo "in $(pwd) carried $CARRIED gone ${GONE-unset} ${IMAGE_ONLY-unset} greeting $GREETING"
                  - echo made > $CODEBUILD_SRC_DIR/made-by-build.txt && echo wrote the checkout
                  - RESULT=done-$CODEBUILD_BUILD_NUMBER
                  - exit 3
                finally:
                  - echo "finally ran succeeding=$CODEBUILD_BUILD_SUCCEEDING"
            """])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1, timeoutSeconds: 120).first)
        let log = try fixture.log(run)
        #expect(run.status == .failed, "\(log)")
        #expect(log.contains("user 1001 home /home/builder\n"), "run-as is a user of the image: \(log)")
        #expect(log.contains("in \(fixture.bare)/slipway/work/1/src/sub carried yes gone unset unset greeting hello\n"),
                "an unset stays unset, the image's own variables too")
        #expect(log.contains("wrote the checkout\n"), "the run-as user owns its checkout")
        #expect(log.contains("Command did not exit successfully exit 3 exit status 3"))
        #expect(log.contains("finally ran succeeding=0\n"))
        #expect(try fixture.store().exportedVariables(of: run.id).map { "\($0.name)=\($0.value)" } == ["RESULT=done-1"])
        #expect(!(try fixture.report(run)).contains("run-as builder"), "no warning: run-as is honoured here")
    }

    @Test("a timeout and a cancel end every process in the container and the container itself")
    func timeoutAndCancel() throws {
        let fixture = try PushFixture("container-stop", config: try containerConfig("timeout: 3s\n"))
        try fixture.commit("perf: slow", files: ["buildspec.yml": """
            version: 0.2
            phases:
              build:
                commands:
                  - nohup sleep 3301 >/dev/null 2>&1 &
                  - sleep 3302
              post_build:
                commands:
                  - echo post-build-ran
            """])
        try fixture.push()
        let timedOut = try #require(try fixture.waitForRuns(1, timeoutSeconds: 120).first)
        let timedOutLog = try fixture.log(timedOut)
        #expect(timedOut.status == .timedOut, "\(timedOutLog)")
        #expect(try fixture.store().phases(of: timedOut.id).first { $0.name == "BUILD" }?.status == "TIMED_OUT")
        #expect(!(try fixture.log(timedOut)).contains("post-build-ran"))
        #expect(hostProcesses(["sleep", "3301"]).isEmpty && hostProcesses(["sleep", "3302"]).isEmpty)
        #expect(try eventually(10) { try containers(of: timedOut).isEmpty })

        try writeTextFileAtomically(fixture.bare + "/slipway.yml", try containerConfig())
        try fixture.commit("perf: slower", files: ["buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - sleep 3303\n"])
        try fixture.push()
        let store = try fixture.store()
        #expect(eventually(60) { !hostProcesses(["sleep", "3303"]).isEmpty }, "the build is running")
        let cancel = try SlipwayBinaries.run(["cancel", "2", "--repo", fixture.bare])
        #expect(cancel.outputText.contains("slipway: run #2 STOPPED"), "\(cancel.outputText)\(cancel.errorText)")
        let stopped = try #require(try store.run(2))
        #expect(try store.phases(of: 2).first { $0.name == "BUILD" }?.status == "STOPPED")
        #expect(try eventually(10) { try hostProcesses(["sleep", "3303"]).isEmpty && containers(of: stopped).isEmpty })
    }

    @Test("kill -9 of the worker mid-build: the container ends by itself (its lifeline), and recovery runs the build again")
    func killedWorkerLeavesNoContainer() throws {
        let fixture = try PushFixture("container-kill9", config: try containerConfig())
        try fixture.commit("feat: slow first time", files: ["buildspec.yml": """
            version: 0.2
            phases:
              build:
                commands:
                  - if [ "$CODEBUILD_BUILD_NUMBER" = 1 ]; then sleep 3311; fi
                  - echo attempt-finished
            """])
        try fixture.push()
        let store = try fixture.store()
        #expect(eventually(60) { !hostProcesses(["sleep", "3311"]).isEmpty })
        let run = try #require(try store.run(1))
        let worker = try #require(run.workerPid)
        #expect(try containers(of: run).count == 1)
        let session = "/dev/shm/slipway-\(geteuid())/\(run.buildId)"
        #expect(fileExists(session + "/env.sh"), "the carried variables live in memory")
        #expect(kill(worker, SIGKILL) == 0)
        #expect(try eventually(10) { try hostProcesses(["sleep", "3311"]).isEmpty && containers(of: run).isEmpty },
                "the container's agent saw its runner die and ended the container")
        let result = try SlipwayBinaries.run(["worker", "--repo", fixture.bare])
        #expect(result.outputText.contains("run #1 INTERRUPTED"), "\(result.outputText)")
        #expect(!fileExists(session), "recovery removed the dead build's carried variables")
        let runs = try fixture.waitForRuns(2, timeoutSeconds: 120)
        #expect(runs.map(\.status) == [.interrupted, .succeeded])
        #expect(try fixture.log(runs[1]).contains("attempt-finished"))
    }

    @Test("build.privileged gives the container the engine: the tutorial's docker build and push work; without it, CodeBuild's symptom and a hint")
    func privilegedContainer() throws {
        let registry = try TestServices.registry()
        let repository = "e2e-\(uniqueSuffix())/container-tutorial"
        let fixture = try PushFixture("container-privileged", config: try containerConfig())
        try runCommand("cp", ["/bin/busybox", fixture.clone + "/busybox"])
        try fixture.commit("feat: tutorial", files: [
            "Dockerfile": "FROM scratch\nCOPY busybox /bin/busybox\nCMD [\"/bin/busybox\", \"echo\", \"hello\"]\n",
            "buildspec.yml": """
                version: 0.2
                phases:
                  build:
                    commands:
                      - docker build -q -t \(registry)/\(repository):$SLIPWAY_IMAGE_TAG .
                  post_build:
                    commands:
                      - docker push -q \(registry)/\(repository):$SLIPWAY_IMAGE_TAG
                """,
        ])
        try fixture.push()
        let unprivileged = try #require(try fixture.waitForRuns(1, timeoutSeconds: 120).first)
        let unprivilegedLog = try fixture.log(unprivileged)
        #expect(unprivileged.status == .failed)
        #expect(unprivilegedLog.contains("Cannot connect to the Docker daemon"), "docker's own symptom, as on CodeBuild: \(unprivilegedLog)")
        #expect(try fixture.report(unprivileged).contains("a build gets one only with `build.privileged: true` in slipway.yml"))

        try writeTextFileAtomically(fixture.bare + "/slipway.yml", try containerConfig("  privileged: true\n"))
        let sha = try fixture.commit("fix: privileged", files: ["README.md": "privileged\n"])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(2, timeoutSeconds: 180).last)
        let log = try fixture.log(run)
        #expect(run.status == .succeeded, "\(run.error ?? "") \(log)")
        #expect(log.contains("the container engine (privileged)"))
        let tags = try runCommand("curl", ["-s", "http://\(registry)/v2/\(repository)/tags/list"]).outputText
        #expect(tags.contains(sha), "\(tags)")
    }

    @Test("an image the engine does not have is pulled; one it cannot pull FAULTs the build saying what to do")
    func missingImage() throws {
        let fixture = try PushFixture("container-noimage", config: """
            branches: [main]
            docker:
              host: \(try TestServices.dockerHost())
            build:
              image: 127.0.0.1:9/slipway-test/absent:1
            """)
        try fixture.commit("feat: x", files: ["buildspec.yml": Buildspecs.passing])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1, timeoutSeconds: 120).first)
        #expect(run.status == .fault)
        #expect(run.error?.contains("the image 127.0.0.1:9/slipway-test/absent:1 (build.image) is not on the container engine and could not be pulled") == true,
                "\(run.error ?? "")")
        #expect(run.error?.contains("docker pull") == true)

        // The same image reference in a registry the engine can reach is pulled, then used.
        let registry = try TestServices.registry()
        let pulled = "\(registry)/slipway-test/toolbox:pull-\(uniqueSuffix())"
        let engine = ["DOCKER_HOST": try TestServices.dockerHost()]
        for arguments in [["tag", ToolboxImage.name, pulled], ["push", "-q", pulled], ["rmi", pulled]] {
            let done = try runCommand("docker", arguments, environment: engine)
            #expect(done.succeeded, "docker \(arguments): \(done.errorText)")
        }
        #expect(try !runCommand("docker", ["image", "inspect", pulled], environment: engine).succeeded)
        try writeTextFileAtomically(fixture.bare + "/slipway.yml", "branches: [main]\ndocker:\n  host: \(try TestServices.dockerHost())\nbuild:\n  image: \(pulled)\n")
        try fixture.commit("fix: pullable", files: ["README.md": "pull\n"])
        try fixture.push()
        let second = try #require(try fixture.waitForRuns(2, timeoutSeconds: 120).last)
        #expect(second.status == .succeeded, "\(second.error ?? "")")
        #expect(try runCommand("docker", ["image", "inspect", pulled], environment: engine).succeeded, "the engine pulled the image")
    }
}
