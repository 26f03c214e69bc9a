import Foundation
import History
import Platform
import SlipwayModel
import TestSupport
import Testing

@Suite("Isolated builds: what a pushed buildspec cannot reach", .serialized)
struct IsolationTests {
    @Test("in the sandbox every escape fails: store, database, other logs, slipway.yml, hooks, refs, HOME, nested namespaces, daemons; the server's files are byte-identical")
    func sandboxStopsEveryEscape() throws {
        let fixture = try PushFixture("attack", config: "branches: [main]\n")
        try fixture.commit("feat: first", files: ["buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - echo other-run-marker\n"])
        try fixture.push()
        #expect(try fixture.waitForRuns(1).first?.status == .succeeded)
        try SlipwayBinaries.run(["secrets", "put", "/server/registry-password", "--repo", fixture.bare], input: "registry-pw-0a9b8c7d")
        let before = try snapshot(fixture)
        let hostHome = ProcessInfo.processInfo.environment["HOME"] ?? "/root"
        let attackSha = try fixture.commit("feat: attack", files: ["buildspec.yml": attack(bare: fixture.bare, hostHome: hostHome, tag: "sandbox", sleeps: 3171)])
        try git("push", "-q", "origin", "HEAD:refs/heads/main", in: fixture.clone, environment: ["SLIPWAY_TEST_SERVER_ONLY": "1"])
        let runs = try fixture.waitForRuns(2)
        let run = try #require(runs.last)
        let log = try fixture.log(run)
        #expect(run.status == .succeeded, "\(log)")
        let output = log.split(separator: "\n").filter { !$0.hasPrefix("[Container]") }
        #expect(output.filter { $0.hasPrefix("ESCAPE") }.isEmpty, "\(log)")
        #expect(!log.contains("registry-pw-0a9b8c7d") && !output.contains("other-run-marker"))
        #expect(log.contains("git log works"), "the checkout's history is readable")
        #expect(log.contains("Sandbox ready in"))
        #expect(log.contains("home \(fixture.bare)/slipway/work/2/home"), "a private HOME")
        #expect(try git("rev-parse", "refs/heads/main", in: fixture.bare).filter { !$0.isWhitespace } == attackSha, "main is what was pushed")
        let after = try snapshot(fixture)
        #expect(after == before, "the server's files are byte-identical: \(after.filter { before[$0.key] != $0.value }.keys.sorted())")
        #expect(!fileExists(fixture.bare + "/slipway/work/2/home"), "the private HOME (with its docker config) is removed after the run")
        #expect(hostProcesses(["sleep", "3171"]).isEmpty && hostProcesses(["sleep", "3172"]).isEmpty,
                "setsid daemons and double forks end with the build")
        #expect(try fixture.report(run).contains("| Ran on | a sandbox on this host (bubblewrap) |"))
    }

    @Test("control: the same attack with build.isolation: none does escape, so the test above can fail")
    func unisolatedEscapes() throws {
        let fixture = try PushFixture("noisolation", config: "branches: [main]\nbuild: {isolation: none}\n")
        try SlipwayBinaries.run(["secrets", "put", "/server/registry-password", "--repo", fixture.bare], input: "registry-pw-0a9b8c7d")
        // No HOME of the server's is touched here: only the repository's own scratch files.
        try fixture.commit("feat: attack", files: ["buildspec.yml": attack(bare: fixture.bare, hostHome: "/nonexistent-home", tag: "none", sleeps: 3181, touchesHome: false)])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        let log = try fixture.log(run)
        #expect(log.contains("ESCAPE read the secret store") && log.contains("ESCAPE wrote slipway.yml") && log.contains("ESCAPE created a ref"))
        #expect(try readTextFile(fixture.bare + "/slipway.yml").contains("# appended by a build"))
        #expect(try fixture.report(run).contains("**unisolated**"))
        // Unisolated, a double fork that clears its environment outlives the build: end it here.
        let survivors = hostProcesses(["sleep", "3182"])
        #expect(!survivors.isEmpty, "without a pid namespace nothing ends an env -i double fork: \(log)")
        for pid in (survivors + hostProcesses(["sleep", "3181"])).compactMap({ pid_t($0) }) where pid > 1 { _ = kill(pid, SIGKILL) }
    }

    @Test("run-as outside container mode is a warning in the report saying where it would be honoured")
    func runAsWarns() throws {
        let fixture = try PushFixture("runas", config: "branches: [main]\n")
        try fixture.commit("feat: x", files: ["buildspec.yml": "version: 0.2\nrun-as: builder\nphases:\n  build:\n    commands:\n      - id -u\n"])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1).first)
        #expect(run.status == .succeeded)
        #expect(try fixture.report(run).contains("run-as builder (buildspec.yml line 2) is honoured only in container mode"))
    }

    @Test("build.network: false leaves the build only its own loopback; the default reaches the host's")
    func networkOff() throws {
        let scratch = ScratchDirectory("network")
        let receiver = try WebhookReceiver(scratch: scratch)
        let spec = "version: 0.2\nphases:\n  build:\n    commands:\n      - curl -s -m 3 -X POST -d x http://127.0.0.1:\(receiver.port)/from-build && echo reached || echo unreachable\n"
        let offline = try PushFixture("offline", config: "branches: [main]\nbuild:\n  network: false\n")
        try offline.commit("feat: offline", files: ["buildspec.yml": spec])
        try offline.push()
        let closed = try #require(try offline.waitForRuns(1).first)
        #expect(try offline.log(closed).contains("unreachable\n") && (try receiver.requests()).isEmpty)
        let online = try PushFixture("online", config: "branches: [main]\n")
        try online.commit("feat: online", files: ["buildspec.yml": spec])
        try online.push()
        let open = try #require(try online.waitForRuns(1).first)
        #expect(try online.log(open).contains("reached\n") && (try receiver.requests()).map(\.path) == ["/from-build"])
    }

    @Test("without bubblewrap a build FAULTs saying how to fix it")
    func missingBubblewrap() throws {
        let fixture = try PushFixture("nobwrap", config: "branches: [main]\n")
        let bin = fixture.scratch.file("bin")
        try makeDirectories(bin)
        for tool in ["sh", "git", "env", "sleep", "cat"] {
            if let path = ProcessEnvironment.findExecutable(tool, path: "/usr/bin:/bin") { _ = symlink(path, bin + "/" + tool) }
        }
        try fixture.commit("feat: x", files: ["buildspec.yml": Buildspecs.passing])
        try fixture.push()
        #expect(try fixture.waitForRuns(1).first?.status == .succeeded)
        let result = try SlipwayBinaries.run(["run", "--branch", "main", "--repo", fixture.bare], environment: ["PATH": bin])
        let run = try #require(try fixture.waitForRuns(2).last)
        #expect(run.status == .fault, "\(result.outputText)\(result.errorText)")
        #expect(run.error?.contains("bubblewrap (bwrap) is not installed") == true && run.error?.contains("build.isolation: none") == true)
    }
}
