import History
@testable import Intake
import Settings
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
        var settings = SlipwaySettings(gitDirectory: "/srv/app.git")
        settings.branchPatterns = ["main", "release/*"]
        let planner = IntakePlanner(settings: settings)
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
