@testable import Intake
import Platform
import SlipwayModel
import TestSupport
import Testing

@Suite("Post-receive intake")
struct IntakeTests {
    let sha = String(repeating: "a", count: 40)
    let zero = String(repeating: "0", count: 40)

    @Test("lines parse into ref updates; malformed ones say why")
    func parsing() throws {
        #expect(try RefUpdate.parse("\(zero) \(sha) refs/heads/main").get() == RefUpdate(oldSha: zero, newSha: sha, ref: "refs/heads/main"))
        #expect(RefUpdate.parse("\(zero) \(sha)").failureReason?.contains("expected three fields") == true)
        #expect(RefUpdate.parse("xyz \(sha) refs/heads/main").failureReason?.contains("'xyz' is not a full 40-digit hex SHA") == true)
        #expect(RefUpdate.parse("\(zero) \(sha) main").failureReason?.contains("not a full ref name") == true)
        #expect(RefUpdate.parse("\(zero) \(String(repeating: "b", count: 64)) refs/heads/main").failureReason?.contains("SHA-256") == true)
    }

    @Test("the planner builds matching branches, skips the rest with a reason, and forgets deletions")
    func planning() throws {
        let rules = IntakeRules(gitDirectory: "/srv/app.git", paths: StatePaths(state: "/srv/app.git/slipway"),
                                branchPatterns: ["main", "release/*"], tagPatterns: [], defaultPolicy: QueuePolicy(),
                                overrides: [], wait: false)
        let planner = IntakePlanner(rules: rules)
        guard case .build(let request) = planner.decide(RefUpdate(oldSha: zero, newSha: sha, ref: "refs/heads/release/2"),
                                                        trigger: .push, initiator: "me") else {
            Issue.record("release/2 should build")
            return
        }
        #expect(request.branch == "release/2" && request.refKind == .branch && request.policy.mode == .supersede)
        #expect(planner.decide(RefUpdate(oldSha: zero, newSha: sha, ref: "refs/heads/wip"), trigger: .push, initiator: "me")
                == .skip("skipped branch wip: it matches no pattern in slipway.yml (main, release/*)"))
        #expect(planner.decide(RefUpdate(oldSha: sha, newSha: zero, ref: "refs/heads/main"), trigger: .push, initiator: "me")
                == .deleted(ref: "refs/heads/main", message: "branch main deleted; nothing to build"))
        #expect(planner.decide(RefUpdate(oldSha: zero, newSha: sha, ref: "refs/notes/x"), trigger: .push, initiator: "me")
                == .skip("skipped refs/notes/x: only branches and tags build"))
    }
}

extension Result where Failure == RefUpdateError {
    var failureReason: String? {
        if case .failure(let error) = self { return error.description }
        return nil
    }
}

@Suite("Intake rules snapshot")
struct IntakeSnapshotTests {
    @Test("the snapshot round-trips and goes stale as soon as slipway.yml changes")
    func staleness() throws {
        let scratch = ScratchDirectory("snapshot")
        let gitDirectory = scratch.path
        try writeTextFileAtomically(gitDirectory + "/slipway.yml", "branches: [main]\n")
        let rules = IntakeRules(gitDirectory: gitDirectory, paths: StatePaths(state: gitDirectory + "/state dir\twith tab"),
                                branchPatterns: ["main", "release/**"], tagPatterns: ["v*"],
                                defaultPolicy: QueuePolicy(mode: .queue, cancelRunning: true),
                                overrides: [BranchPolicy(pattern: "feature/*", policy: QueuePolicy(mode: .parallel))],
                                wait: true)
        try IntakeSnapshot.save(rules, fingerprint: IntakeSnapshot.fingerprint(gitDirectory: gitDirectory))
        #expect(IntakeSnapshot.load(gitDirectory: gitDirectory) == rules)
        try writeTextFileAtomically(gitDirectory + "/slipway.yml", "branches: [dev]\n")
        #expect(IntakeSnapshot.load(gitDirectory: gitDirectory) == nil, "an edited slipway.yml makes the snapshot stale")
    }

    @Test("a snapshot taken without slipway.yml is stale once one is written")
    func absentConfiguration() throws {
        let scratch = ScratchDirectory("snapshot-absent")
        let rules = IntakeRules(gitDirectory: scratch.path, paths: StatePaths(state: scratch.file("slipway")),
                                branchPatterns: ["main"], tagPatterns: [], defaultPolicy: QueuePolicy(), overrides: [],
                                wait: false)
        try IntakeSnapshot.save(rules, fingerprint: IntakeSnapshot.fingerprint(gitDirectory: scratch.path))
        #expect(IntakeSnapshot.load(gitDirectory: scratch.path) == rules)
        try writeTextFileAtomically(scratch.file("slipway.yml"), "branches: ['*']\n")
        #expect(IntakeSnapshot.load(gitDirectory: scratch.path) == nil)
    }
}
