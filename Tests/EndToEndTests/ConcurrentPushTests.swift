import Foundation
import History
import Platform
import SlipwayModel
import TestSupport
import Testing

@Suite("Never lose a push: 200 concurrent hooks", .serialized)
struct ConcurrentPushTests {
    @Test("200 concurrent post-receive processes over 20 branches: nothing lost, nothing built twice, no lock errors")
    func twoHundredHooks() throws {
        let fixture = try PushFixture("burst", config: "branches: ['b*']\nqueue:\n  mode: supersede\n  concurrency: 2\n")
        try fixture.commit("feat: base", files: ["buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - echo \"built $CODEBUILD_RESOLVED_SOURCE_VERSION\"\n"])
        // 20 branches × 10 commits, all on the server under refs that do not build.
        var shas: [[String]] = []
        for branch in 0..<20 {
            var chain: [String] = []
            try git("checkout", "-q", "-B", "b\(branch)", "main", in: fixture.clone)
            for index in 0..<10 {
                chain.append(try fixture.commit("feat: b\(branch) c\(index)", allowEmpty: true))
            }
            try fixture.push("origin", "HEAD:refs/heads/staging\(branch)")
            shas.append(chain)
        }
        // One shell script starts all 200 hook processes at once and waits for them.
        let zero = String(repeating: "0", count: 40)
        var script = "cd \(shellQuote(fixture.bare))\n"
        for index in 0..<10 {
            for branch in 0..<20 {
                let old = index == 0 ? zero : shas[branch][index - 1]
                let out = fixture.scratch.file("hook-\(branch)-\(index).out")
                script += "printf '%s %s refs/heads/b\(branch)\\n' \(old) \(shas[branch][index]) | \(shellQuote(SlipwayBinaries.hook)) post-receive > \(out) 2>&1 &\n"
            }
        }
        script += "wait\n"
        let started = try runCommand("/bin/sh", ["-c", script])
        #expect(started.succeeded)
        let runs = try fixture.waitForRuns(200, timeoutSeconds: 180)
        #expect(runs.count == 200, "every ref update is a run")
        #expect(Set(runs.map(\.newSha)) == Set(shas.flatMap { $0 }), "every pushed SHA is accounted for")
        #expect(runs.allSatisfy { $0.status == .succeeded || $0.status == .superseded },
                "each update is built or superseded: \(Set(runs.map(\.status.rawValue)))")
        let built = runs.filter { $0.status == .succeeded }
        #expect(Set(built.map(\.newSha)).count == built.count, "no SHA built twice in supersede mode")
        for branch in 0..<20 {
            let ofBranch = runs.filter { $0.branch == "b\(branch)" }
            let newest = try #require(ofBranch.max { $0.id < $1.id })
            let lastSuccessful = try #require(ofBranch.filter { $0.status == .succeeded }.max { $0.id < $1.id })
            #expect(lastSuccessful.newSha == newest.newSha, "branch b\(branch) ends built at its final SHA")
            #expect(newest.status == .succeeded)
        }
        for run in runs where run.status == .superseded {
            #expect(run.supersededBy != nil)
        }
        var everything = (try? readTextFile(fixture.bare + "/slipway/worker.log")) ?? ""
        for branch in 0..<20 {
            for index in 0..<10 { everything += try readTextFile(fixture.scratch.file("hook-\(branch)-\(index).out")) }
        }
        for run in built { everything += try fixture.log(run) }
        #expect(!everything.contains("database is locked"))
        #expect(!everything.contains("ERROR"))
        #expect(everything.components(separatedBy: "slipway: queued build #").count - 1 == 200)
    }
}

/// Single-quotes a path for /bin/sh.
func shellQuote(_ text: String) -> String {
    "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
}
