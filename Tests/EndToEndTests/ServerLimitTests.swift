import History
import Platform
import SlipwayModel
import TestSupport
import Testing

@Suite("The server-wide build limit (max-builds in the server configuration)", .serialized)
struct ServerLimitTests {
    @Test("two repositories pushed at once with max-builds: 1 build one at a time; the waiting one stays QUEUED and says why")
    func oneAtATime() throws {
        let scratch = ScratchDirectory("server-limit")
        let config = try scratch.write("server.yml", "max-builds: 1\nslots: \(scratch.file("slots"))\n")
        let environment = ["SLIPWAY_SERVER_CONFIG": config]
        let first = try PushFixture("limit-a", config: "branches: [main]\n")
        let second = try PushFixture("limit-b", config: "branches: [main]\n")
        let slow = "version: 0.2\nphases:\n  build:\n    commands:\n      - sleep 1.5\n"
        try first.commit("feat: a", files: ["buildspec.yml": slow])
        try second.commit("feat: b", files: ["buildspec.yml": slow])
        try git("push", "-q", "origin", "HEAD:refs/heads/main", in: first.clone, environment: environment)
        try git("push", "-q", "origin", "HEAD:refs/heads/main", in: second.clone, environment: environment)
        let stores = [try first.store(), try second.store()]
        var mostAtOnce = 0
        var sawWaiting = false
        let deadline = Clock.monotonicMilliseconds() + 60_000
        while Clock.monotonicMilliseconds() < deadline {
            let runs = try stores.flatMap { try $0.allRuns() }
            mostAtOnce = max(mostAtOnce, runs.filter { $0.status == .inProgress }.count)
            if !sawWaiting, runs.contains(where: { $0.status == .inProgress }),
               let waiting = zip([first, second], stores).first(where: { (try? $0.1.allRuns().first?.status) == .queued }) {
                let queue = try SlipwayBinaries.run(["queue", "--repo", waiting.0.bare], environment: environment)
                sawWaiting = queue.outputText.contains("waiting for a build slot: all 1 of this server's slots are in use")
            }
            if runs.count == 2 && runs.allSatisfy({ $0.status.isFinished }) { break }
            Clock.sleep(milliseconds: 30)
        }
        let runs = try stores.flatMap { try $0.allRuns() }
        #expect(runs.map(\.status) == [.succeeded, .succeeded])
        #expect(mostAtOnce == 1, "never two builds at once on this server")
        #expect(sawWaiting, "`slipway queue` says the queued build waits for a slot")
        let starts = runs.compactMap(\.startedAt).sorted(), ends = runs.compactMap(\.finishedAt).sorted()
        #expect(starts.count == 2 && ends.count == 2 && starts[1] >= ends[0], "the second started after the first ended")
    }

    @Test("the server configuration is validated with file:line errors, and defaults to one slot per core")
    func serverConfiguration() throws {
        let scratch = ScratchDirectory("server-config")
        let bad = try scratch.write("server.yml", "max-builds: 0\nslot: /x\n")
        let fixture = try PushFixture("limit-config", config: "branches: [main]\n")
        let result = try SlipwayBinaries.run(["worker", "--repo", fixture.bare], environment: ["SLIPWAY_SERVER_CONFIG": bad])
        #expect(!result.succeeded)
        #expect(result.errorText.contains("\(bad):1:"), "\(result.errorText)")
        #expect(result.errorText.contains("\(bad):2:") && result.errorText.contains("slot"), "\(result.errorText)")
    }
}
