import Platform
@testable import Intake
import TestSupport
import Testing

@Suite("Hook installation")
struct HookInstallerTests {
    @Test("hooks/post-receive in the repository is the template the binary embeds")
    func templateMatchesFile() throws {
        var path = #filePath
        while !fileExists(path + "/Package.swift") { path = parentDirectory(path) }
        #expect(try readTextFile(path + "/hooks/post-receive") == HookInstaller.template)
    }

    @Test("installing twice is idempotent")
    func idempotent() throws {
        let scratch = ScratchDirectory("hook")
        let gitDirectory = scratch.file("app.git")
        try git("init", "-q", "--bare", gitDirectory, in: scratch.path)
        #expect(try HookInstaller.install(gitDirectory: gitDirectory, hookExecutable: "/opt/slipway-hook") == .installed)
        let first = try readTextFile(gitDirectory + "/hooks/post-receive")
        #expect(try HookInstaller.install(gitDirectory: gitDirectory, hookExecutable: "/opt/slipway-hook") == .updated)
        #expect(try readTextFile(gitDirectory + "/hooks/post-receive") == first)
        #expect(first.hasPrefix("#!/opt/slipway-hook post-receive\n"))
        #expect(first.contains("# previous-hook: \n"))
        #expect(!fileExists(gitDirectory + "/hooks/post-receive.before-slipway"))
    }

    @Test("an existing hook is kept, chained after Slipway, and receives the same input and keeps its status")
    func chainsExistingHook() throws {
        let fixture = try PushFixture("hookchain")
        let seen = fixture.scratch.file("previous-saw.txt")
        let hooks = fixture.bare + "/hooks"
        try removeTree(hooks + "/post-receive")
        try writeTextFileAtomically(hooks + "/post-receive", "#!/bin/sh\ncat > \(seen)\necho previous-ran\nexit 3\n", mode: 0o755)
        let outcome = try HookInstaller.install(gitDirectory: fixture.bare, hookExecutable: SlipwayBinaries.hook)
        #expect(outcome == .installedKeepingPrevious(hooks + "/post-receive.before-slipway"))
        #expect(try HookInstaller.install(gitDirectory: fixture.bare, hookExecutable: SlipwayBinaries.hook) == .updated)
        let line = "\(String(repeating: "0", count: 40)) \(String(repeating: "a", count: 40)) refs/heads/other\n"
        let result = try runCommand(hooks + "/post-receive", [], in: fixture.bare, input: line)
        #expect(result.outputText == "slipway: skipped branch other: it matches no pattern in slipway.yml (main)\nprevious-ran")
        #expect(try readTextFile(seen) == line)
        #expect(result.termination == .exited(3), "the previous hook's status is kept")
    }

    @Test("a hook file whose slipway-hook is gone does not fail the push")
    func missingBinary() throws {
        let fixture = try PushFixture("hookmissing")
        try HookInstaller.install(gitDirectory: fixture.bare, hookExecutable: "/nonexistent/slipway-hook")
        try fixture.commit("feat: x", allowEmpty: true)
        let output = try fixture.push()
        #expect(output.contains("post-receive"), "git names the hook it could not run: \(output)")
        #expect(try git("rev-parse", "refs/heads/main", in: fixture.bare) == (try git("rev-parse", "HEAD", in: fixture.clone)))
    }
}
