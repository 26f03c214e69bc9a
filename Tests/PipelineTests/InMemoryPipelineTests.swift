import BuildSpec
import History
import Intake
@testable import Pipeline
import Platform
import Secrets
import Settings
import SlipwayModel
import TestSupport
import Testing

/// A source without a repository: files in memory, checked out by writing them.
final class MemorySource: SourceRepository {
    var files: [String: String]
    let sha = String(repeating: "c", count: 40)

    init(files: [String: String]) {
        self.files = files
    }

    func commit(_ sha: String) throws -> CommitSummary {
        guard sha == self.sha else { throw TestFailure("no commit \(sha)") }
        return CommitSummary(sha: sha, subject: "feat: in memory", authorName: "Mem", authorEmail: "mem@x")
    }

    func readFile(_ path: String, at sha: String) throws -> [UInt8]? {
        files[path].map { Array($0.utf8) }
    }

    func checkOut(_ sha: String, into directory: String) throws {
        for (name, text) in files {
            try makeDirectories(parentDirectory(directory + "/" + name))
            try writeTextFileAtomically(directory + "/" + name, text)
        }
    }

    var displayName: String { "memory" }
    var location: String { "memory://" }
}

@Suite("The pipeline without a repository")
struct InMemoryPipelineTests {
    private func build(_ files: [String: String]) throws -> (RunRecord, HistoryStore, ScratchDirectory) {
        let scratch = ScratchDirectory("memory")
        let settings = SlipwaySettings(gitDirectory: scratch.path)
        let store = try HistoryStore.open(settings.paths.database)
        let source = MemorySource(files: files)
        let request = BuildRequest(ref: "refs/heads/main", branch: "main", refKind: .branch,
                                   oldSha: String(repeating: "0", count: 40), newSha: source.sha, trigger: .manual,
                                   initiator: "test", policy: QueuePolicy())
        let run = try store.startImmediately(request, worker: .current)
        let context = PipelineContext(settings: settings, store: store, source: source, secrets: NoSecrets())
        BuildPipeline(context: context).execute(run.claimed)
        return (try #require(try store.run(run.id)), store, scratch)
    }

    @Test("phases run with a real shell and the result is recorded, with exported variables")
    func succeeds() throws {
        let (run, store, scratch) = try build(["buildspec.yml": """
            version: 0.2
            env:
              exported-variables: [RESULT]
            phases:
              build:
                commands:
                  - test -f buildspec.yml
                  - RESULT="built $(cat version.txt)"
            """, "version.txt": "1.2.3"])
        #expect(run.status == .succeeded)
        #expect(try store.exportedVariables(of: run.id).map(\.value) == ["built 1.2.3"])
        #expect(run.subject == "feat: in memory")
        #expect(try readTextFile(try unwrap(run.reportPath, "report")).contains("| `RESULT` | `built 1.2.3` |"))
        withExtendedLifetime(scratch) {}
    }

    @Test("a secret request fails clearly when no secret store is configured")
    func secretWithoutStore() throws {
        let (run, _, _) = try build(["buildspec.yml": """
            version: 0.2
            env:
              parameter-store:
                TOKEN: /ci/token
            phases:
              build:
                commands: [echo never]
            """])
        #expect(run.status == .failed)
        #expect(run.error == "secret /ci/token for TOKEN cannot be read: no secret store is configured")
    }
}
