import Platform
@testable import SlipwayCore
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
        #expect(first.contains("SLIPWAY_HOOK='/opt/slipway-hook'"))
        #expect(!fileExists(gitDirectory + "/hooks/post-receive.before-slipway"))
    }

    @Test("an existing hook is kept, chained, and receives the same input")
    func chainsExistingHook() throws {
        let scratch = ScratchDirectory("hookchain")
        let gitDirectory = scratch.file("app.git")
        try git("init", "-q", "--bare", gitDirectory, in: scratch.path)
        let seen = scratch.file("previous-saw.txt")
        try writeTextFileAtomically(gitDirectory + "/hooks/post-receive", "#!/bin/sh\ncat > \(seen)\nexit 3\n", mode: 0o755)
        let fake = try scratch.write("fake-slipway-hook", "#!/bin/sh\necho \"slipway got $1: $(cat)\"\n", mode: 0o755)
        let outcome = try HookInstaller.install(gitDirectory: gitDirectory, hookExecutable: fake)
        #expect(outcome == .installedKeepingPrevious(gitDirectory + "/hooks/post-receive.before-slipway"))
        #expect(try HookInstaller.install(gitDirectory: gitDirectory, hookExecutable: fake) == .updated)
        let result = try runCommand(gitDirectory + "/hooks/post-receive", [], in: gitDirectory, input: "old new refs/heads/main\n")
        #expect(result.outputText == "slipway got post-receive: old new refs/heads/main")
        #expect(try readTextFile(seen) == "old new refs/heads/main\n")
        #expect(result.termination == .exited(3), "the previous hook's status is kept")
    }

    @Test("a missing hook binary is reported and the push is not failed")
    func missingBinary() throws {
        let scratch = ScratchDirectory("hookmissing")
        let gitDirectory = scratch.file("app.git")
        try git("init", "-q", "--bare", gitDirectory, in: scratch.path)
        try HookInstaller.install(gitDirectory: gitDirectory, hookExecutable: "/nonexistent/slipway-hook")
        let result = try runCommand(gitDirectory + "/hooks/post-receive", [], in: gitDirectory, input: "x y z\n")
        #expect(result.succeeded)
        #expect(result.outputText.contains("/nonexistent/slipway-hook is missing; this push was not queued (run: slipway poll)"))
    }
}
