@testable import Git
import Platform
import TestSupport
import Testing

/// A work-tree repository made with the real git client.
private final class GitFixture {
    let scratch = ScratchDirectory("git")
    var path: String { scratch.file("repo") }

    init() throws {
        try git("init", "-q", "-b", "main", scratch.file("repo"), in: scratch.path)
    }

    @discardableResult
    func commit(_ message: String, files: [String: String] = [:]) throws -> ObjectID {
        for (name, text) in files { try scratch.write("repo/" + name, text) }
        try git("add", "-A", in: path)
        try git("commit", "-q", "--allow-empty", "-m", message, in: path)
        return try #require(ObjectID(hex: try git("rev-parse", "HEAD", in: path)))
    }
}

@Suite("libgit2 repository access")
struct RepositoryTests {
    @Test("branches, targets and files at a commit")
    func readsRefsAndFiles() throws {
        let fixture = try GitFixture()
        let first = try fixture.commit("feat: one", files: ["buildspec.yml": "version: 0.2\n", "dir/a.txt": "a\n"])
        try git("branch", "side", in: fixture.path)
        let second = try fixture.commit("feat: two", files: ["buildspec.yml": "version: 0.2 # two\n"])
        let repository = try Repository.open(fixture.path)
        #expect(Set(try repository.branches().map(\.name)) == ["refs/heads/main", "refs/heads/side"])
        #expect(try repository.target(of: "refs/heads/main") == second)
        #expect(try repository.target(of: "refs/heads/nope") == nil)
        #expect(try repository.readFile("buildspec.yml", at: first) == Array("version: 0.2\n".utf8))
        #expect(try repository.readFile("dir/a.txt", at: second) == Array("a\n".utf8))
        #expect(try repository.readFile("missing.yml", at: second) == nil)
        #expect(try repository.readFile("dir", at: second) == nil, "a tree is not a file")
        #expect(repository.headBranch() == "main")
    }

    @Test("checkout writes the exact commit into a new directory that git understands")
    func checkout() throws {
        let fixture = try GitFixture()
        let first = try fixture.commit("one", files: ["file.txt": "first\n", "run.sh": "#!/bin/sh\n"])
        try runCommand("chmod", ["+x", fixture.scratch.file("repo/run.sh")])
        try git("add", "-A", in: fixture.path)
        try git("commit", "-q", "-m", "exec bit", in: fixture.path)
        try fixture.commit("two", files: ["file.txt": "second\n"])
        let bare = fixture.scratch.file("bare.git")
        try git("clone", "-q", "--bare", fixture.path, bare, in: fixture.scratch.path)
        let repository = try Repository.open(bare)
        #expect(repository.isBare)
        let target = fixture.scratch.file("work/src")
        try repository.checkOut(first, into: target)
        #expect(try readTextFile(target + "/file.txt") == "first\n")
        #expect(try git("rev-parse", "HEAD", in: target) == first.hex)
        #expect(try git("status", "--porcelain", in: target).isEmpty, "the checkout is clean")
        let tip = try repository.resolveCommit("main")
        try repository.checkOut(tip, into: fixture.scratch.file("work2"))
        #expect(try runCommand("test", ["-x", fixture.scratch.file("work2/run.sh")]).succeeded, "file modes are kept")
    }

    @Test("a missing commit is an error that names the SHA")
    func missingCommit() throws {
        let fixture = try GitFixture()
        try fixture.commit("one")
        let repository = try Repository.open(fixture.path)
        let missing = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))
        #expect(!repository.hasCommit(missing))
        #expect(throws: GitError.self) { try repository.checkOut(missing, into: fixture.scratch.file("x")) }
        do {
            _ = try repository.commit(missing)
            Issue.record("expected a GitError")
        } catch let error as GitError {
            #expect(error.function == "git_commit_lookup")
            #expect(error.isNotFound)
        }
    }

    @Test("walks, ancestry and merge bases")
    func graph() throws {
        let fixture = try GitFixture()
        let base = try fixture.commit("base")
        try git("checkout", "-q", "-b", "topic", in: fixture.path)
        let topic1 = try fixture.commit("topic 1")
        let topic2 = try fixture.commit("topic 2")
        try git("checkout", "-q", "main", in: fixture.path)
        let mainline = try fixture.commit("main 1")
        let repository = try Repository.open(fixture.path)
        var walked: [ObjectID] = []
        try repository.walk(including: [topic2], excluding: [base]).forEach { walked.append($0.id); return true }
        #expect(walked == [topic2, topic1])
        #expect(try repository.isAncestor(base, of: topic2))
        #expect(try !repository.isAncestor(mainline, of: topic2))
        #expect(try repository.mergeBase(topic2, mainline) == base)
    }

    @Test("commit text that is not UTF-8 decodes without loss or crash")
    func nonUTF8() throws {
        let fixture = try GitFixture()
        let message = fixture.scratch.file("msg")
        try writeFileAtomically(message, [0x43, 0x61, 0x66, 0xE9, 0x0A])
        try git("-c", "i18n.commitEncoding=ISO-8859-1", "commit", "-q", "--allow-empty", "-F", message, in: fixture.path)
        let declared = try Repository.open(fixture.path).commit(try #require(ObjectID(hex: try git("rev-parse", "HEAD", in: fixture.path))))
        #expect(declared.subject == "Café")
        // git commit repairs invalid bytes itself, so write a raw commit object with one.
        let tree = try git("rev-parse", "HEAD^{tree}", in: fixture.path)
        let object = fixture.scratch.file("commit-object")
        try writeFileAtomically(object, Array("tree \(tree)\nauthor A <a@x> 1700000000 +0000\ncommitter A <a@x> 1700000000 +0000\n\nbad".utf8) + [0xFF, 0x0A])
        let raw = try #require(ObjectID(hex: try git("hash-object", "-t", "commit", "-w", object, in: fixture.path)))
        let undeclared = try Repository.open(fixture.path).commit(raw)
        #expect(undeclared.subject == "bad\u{FFFD}")
    }

    @Test("notes are written so that git log --notes shows them")
    func notes() throws {
        let fixture = try GitFixture()
        let sha = try fixture.commit("noted")
        let repository = try Repository.open(fixture.path)
        try repository.writeNote("# Run #1 SUCCEEDED\n", on: sha, notesReference: "refs/notes/slipway",
                                 author: Signature(name: "Slipway", email: "slipway@localhost", time: 1_700_000_000))
        try repository.writeNote("# Run #2 SUCCEEDED\n", on: sha, notesReference: "refs/notes/slipway",
                                 author: Signature(name: "Slipway", email: "slipway@localhost", time: 1_700_000_100))
        #expect(try repository.readNote(on: sha, notesReference: "refs/notes/slipway") == "# Run #2 SUCCEEDED\n")
        #expect(try git("log", "-1", "--notes=slipway", "--format=%N", in: fixture.path) == "# Run #2 SUCCEEDED")
    }

    @Test("fetchMirror brings another repository's branches and prunes deleted ones")
    func fetchMirror() throws {
        let upstream = try GitFixture()
        let sha = try upstream.commit("upstream")
        try git("branch", "doomed", in: upstream.path)
        let mirror = upstream.scratch.file("mirror.git")
        try git("init", "-q", "--bare", mirror, in: upstream.scratch.path)
        let repository = try Repository.open(mirror)
        try repository.fetchMirror(from: upstream.path)
        #expect(try repository.target(of: "refs/heads/main") == sha)
        #expect(try repository.target(of: "refs/heads/doomed") == sha)
        try git("branch", "-D", "doomed", in: upstream.path)
        try repository.fetchMirror(from: upstream.path)
        #expect(try repository.target(of: "refs/heads/doomed") == nil)
    }
}
