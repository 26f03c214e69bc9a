import Foundation
import History
import Platform
import SlipwayModel
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A FROM scratch image (nothing can be pulled here): a static busybox and a Dockerfile.
private func imageFiles() throws -> [String: String] {
    ["Dockerfile": "FROM scratch\nCOPY busybox /bin/busybox\nCMD [\"/bin/busybox\", \"echo\", \"hello\"]\n",
     "buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - echo \"building $SLIPWAY_IMAGE_TAG\"\n"]
}

private func addBusybox(_ fixture: PushFixture) throws {
    try runCommand("cp", ["/bin/busybox", fixture.clone + "/busybox"])
}

/// Tags of a repository, read from the registry's HTTP API with curl (not with Slipway's client).
private func registryTags(_ registry: String, _ repository: String, auth: String? = nil) throws -> [String] {
    var arguments = ["-s", "http://\(registry)/v2/\(repository)/tags/list"]
    if let auth { arguments += ["-u", auth] }
    let body = try runCommand("curl", arguments).output
    let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
    return (object?["tags"] as? [String] ?? []).sorted()
}

/// The digest the registry serves for a tag, read with curl.
private func registryDigest(_ registry: String, _ repository: String, _ tag: String, auth: String? = nil) throws -> String? {
    var arguments = ["-s", "-I", "-H", "Accept: application/vnd.docker.distribution.manifest.v2+json",
                     "http://\(registry)/v2/\(repository)/manifests/\(tag)"]
    if let auth { arguments += ["-u", auth] }
    let headers = try runCommand("curl", arguments).outputText
    return headers.split(whereSeparator: \.isNewline).first { $0.lowercased().hasPrefix("docker-content-digest:") }
        .map { String($0.split(separator: " ").last ?? "") }
}

@Suite("Images tagged by commit, on a real Docker engine and registry", .serialized)
struct ImageTests {
    @Test("a push builds the image and pushes it tagged by full SHA, short SHA, branch, build number and latest; digests are recorded and match the registry")
    func pushesTaggedImage() throws {
        let registry = try TestServices.registry()
        let repository = "e2e-\(uniqueSuffix())/app"
        let fixture = try PushFixture("images", config: """
            branches: [main]
            docker:
              host: \(try TestServices.dockerHost())
            images:
              - name: \(registry)/\(repository)
            """)
        try addBusybox(fixture)
        let sha = try fixture.commit("feat: image", files: try imageFiles())
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(1, timeoutSeconds: 120).first)
        #expect(run.status == .succeeded, "\(run.error ?? "")")
        let expected = [sha, String(sha.prefix(7)), "main", "1", "latest"].sorted()
        #expect(try registryTags(registry, repository) == expected)
        let images = try fixture.store().images(of: run.id)
        #expect(images.map(\.status) == Array(repeating: "PUSHED", count: 5))
        for image in images {
            let tag = String(image.reference.split(separator: ":").last ?? "")
            let served = try registryDigest(registry, repository, tag)
            #expect(image.digest != nil && image.digest == served)
            #expect((image.sizeBytes ?? 0) > 500_000, "the busybox layer is in the size")
        }
        let report = try fixture.report(run)
        #expect(report.contains("## Images"))
        #expect(report.contains("| `\(registry)/\(repository):\(sha)` | `\(images[0].digest ?? "?")` |"))
        #expect(try fixture.log(run).contains("building \(sha)"))
        let listing = try SlipwayBinaries.run(["history", "--json", "--repo", fixture.bare]).output
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(listing)) as? [[String: Any]])
        let listed = try #require(runs.first?["images"] as? [[String: Any]])
        #expect(listed.compactMap { $0["digest"] as? String } == images.compactMap(\.digest))
        #expect(listed.first?["reference"] as? String == "\(registry)/\(repository):\(sha)")
    }

    @Test("a registry with htpasswd auth: login with the stored password works, never in argv or logs; a wrong one fails clearly")
    func authenticatedRegistry() throws {
        let (registry, user, password) = try TestServices.authRegistry()
        let repository = "e2e-\(uniqueSuffix())/secure"
        let config = """
            branches: [main, wrong]
            docker:
              host: \(try TestServices.dockerHost())
              registries:
                - address: \(registry)
                  username: \(user)
                  password-secret: registry/password
            images:
              - name: \(registry)/\(repository)
                tags: ["{short-sha}"]
            """
        let fixture = try PushFixture("authimages", config: config)
        try SlipwayBinaries.run(["secrets", "put", "registry/password", "--repo", fixture.bare], input: password)
        try addBusybox(fixture)
        let sha = try fixture.commit("feat: secure image", files: try imageFiles())
        try fixture.push()
        let good = try #require(try fixture.waitForRuns(1, timeoutSeconds: 120).first)
        #expect(good.status == .succeeded, "\(good.error ?? "")")
        #expect(try registryTags(registry, repository, auth: "\(user):\(password)") == [String(sha.prefix(7)), "latest"].sorted())
        let log = try fixture.log(good)
        #expect(log.contains("docker login --username \(user) --password-stdin \(registry) < secret registry/password (***)"))
        #expect(!log.contains(password))
        let goodReport = try fixture.report(good)
        #expect(!goodReport.contains(password))

        try SlipwayBinaries.run(["secrets", "put", "registry/password", "--repo", fixture.bare], input: "not-the-password")
        try fixture.commit("feat: again", allowEmpty: true)
        try fixture.push()
        let bad = try #require(try fixture.waitForRuns(2, timeoutSeconds: 120).last)
        #expect(bad.status == .failed)
        #expect(bad.error?.contains("registry \(registry) rejected the login of \(user)") == true, "\(bad.error ?? "")")
        #expect(try fixture.report(bad).contains("rejected the login"))
        let dump = try runCommand("sqlite3", [fixture.bare + "/slipway/history.sqlite", ".dump"]).outputText
        #expect(!dump.contains(password) && !dump.contains("not-the-password"))
    }

    @Test("the registry stopped in the middle of the plan: the push fails clearly, every tag is reported, and the next push works")
    func registryStoppedMidPlan() throws {
        let port = try freeLoopbackPort()
        let scratch = ScratchDirectory("deadregistry")
        let configFile = try scratch.write("registry.yml", """
            version: 0.1
            log: {level: error}
            storage: {filesystem: {rootdirectory: \(scratch.file("data"))}}
            http: {addr: 127.0.0.1:\(port)}
            """)
        var server: BackgroundServer? = try BackgroundServer("docker-registry", ["serve", configFile], readsFirstLine: false)
        try server?.waitUntilAnswering("http://127.0.0.1:\(port)/v2/")
        let repository = "e2e-\(uniqueSuffix())/app"
        let fixture = try PushFixture("midplan", config: """
            branches: [main]
            docker:
              host: \(try TestServices.dockerHost())
            images:
              - name: 127.0.0.1:\(port)/\(repository)
                tags: ["{sha}", "{short-sha}", "{build-number}"]
            """)
        try addBusybox(fixture)
        let sha = try fixture.commit("feat: image", files: try imageFiles())
        try fixture.push()
        // Stop the registry as soon as the plan starts pushing its second tag.
        let log = fixture.bare + "/slipway/logs/1.log"
        let deadline = Clock.monotonicMilliseconds() + 120_000
        while Clock.monotonicMilliseconds() < deadline {
            // The second push: the short-SHA tag (the first push's full SHA starts the same way).
            if let text = try? readTextFile(log), text.contains("Running command docker push 127.0.0.1:\(port)/\(repository):\(sha.prefix(7))\n") {
                server = nil
                break
            }
            Clock.sleep(milliseconds: 5)
        }
        #expect(server == nil, "the plan reached its second push")
        let failed = try #require(try fixture.waitForRuns(1, timeoutSeconds: 180).first)
        #expect(failed.status == .failed)
        let images = try fixture.store().images(of: failed.id)
        #expect(images.count == 4, "every tag is reported ({sha}, {short-sha}, {build-number}, latest)")
        #expect(images.first?.status == "PUSHED")
        #expect(images.dropFirst().allSatisfy { $0.status == "FAILED" })
        #expect(failed.error?.contains("docker push 127.0.0.1:\(port)/\(repository):\(sha.prefix(7)) failed") == true, "\(failed.error ?? "")")
        #expect(try fixture.report(failed).contains("| FAILED |"))

        server = try BackgroundServer("docker-registry", ["serve", configFile], readsFirstLine: false)
        try server?.waitUntilAnswering("http://127.0.0.1:\(port)/v2/")
        try fixture.commit("fix: registry back", allowEmpty: true)
        try fixture.push()
        let recovered = try #require(try fixture.waitForRuns(2, timeoutSeconds: 180).last)
        #expect(recovered.status == .succeeded, "\(recovered.error ?? "")")
        #expect(try registryTags("127.0.0.1:\(port)", repository).count >= 4)
        withExtendedLifetime(server) {}
    }

    @Test("no reachable engine fails the run with a clear message; a failed build phase skips the images and says why")
    func engineAndBuildFailures() throws {
        let fixture = try PushFixture("noengine", config: """
            branches: [main, broken]
            docker:
              host: unix:///nonexistent/docker.sock
            images:
              - name: 127.0.0.1:9/none/app
            """)
        try fixture.commit("feat: x", files: try imageFiles())
        try fixture.push()
        let noEngine = try #require(try fixture.waitForRuns(1).first)
        #expect(noEngine.status == .failed)
        #expect(noEngine.error?.contains("no container engine reachable at DOCKER_HOST=unix:///nonexistent/docker.sock") == true,
                "\(noEngine.error ?? "")")
        try fixture.commit("fix: broken build", files: ["buildspec.yml": "version: 0.2\nphases:\n  build:\n    commands:\n      - exit 2\n"])
        try fixture.push("origin", "HEAD:refs/heads/broken")
        let skipped = try #require(try fixture.waitForRuns(2).last)
        #expect(skipped.status == .failed)
        #expect(try fixture.report(skipped).contains("Images were not built: the BUILD phase failed."))
        #expect(try fixture.store().phases(of: skipped.id).contains { $0.name == "IMAGES" && $0.status == "SKIPPED" })
    }

    @Test("slipway plan prints the source version, tags and commands, with secrets as ***, and runs nothing")
    func planCommand() throws {
        let registry = try TestServices.registry()
        let repository = "e2e-\(uniqueSuffix())/planned"
        let fixture = try PushFixture("plan", config: """
            branches: [main]
            environment:
              TEAM: platform
            docker:
              registries:
                - address: \(registry)
                  username: ci
                  password-secret: registry/password
            images:
              - name: \(registry)/${TEAM}-\(repository.split(separator: "/").first ?? "")/app
                build-args: {VERSION: "$SLIPWAY_SHORT_SHA"}
            """)
        try removeTree(fixture.bare + "/hooks/post-receive")
        let sha = try fixture.commit("feat: x", files: try imageFiles())
        try fixture.push()
        let output = try SlipwayBinaries.run(["plan", "--repo", fixture.bare]).outputText
        #expect(output.hasPrefix("Resolved source version: \(sha) (tip of branch main)\nBuild number: 1 (the next run)"))
        #expect(output.contains("tags: \(sha), \(sha.prefix(7)), main, 1, latest"))
        #expect(output.contains("docker login --username ci --password-stdin \(registry) < secret registry/password (***)"))
        #expect(output.contains("--build-arg VERSION=\(sha.prefix(7))"))
        #expect(output.contains("\(registry)/platform-"))
        #expect(output.hasSuffix("\nNothing was run."))
        #expect(try fixture.store().allRuns().isEmpty)
    }

    @Test("a buildspec that runs docker build and docker push itself needs build.privileged (CodeBuild's symptom and a hint without it), then works with Slipway's computed tags")
    func tutorialStyleBuildspec() throws {
        let registry = try TestServices.registry()
        let repository = "e2e-\(uniqueSuffix())/tutorial"
        let config = """
            branches: [main]
            docker:
              host: \(try TestServices.dockerHost())
            environment:
              DOCKER_REGISTRY_URL: \(registry)
            """
        let fixture = try PushFixture("tutorial", config: config)
        try addBusybox(fixture)
        var files = try imageFiles()
        files["buildspec.yml"] = """
            version: 0.2
            phases:
              pre_build:
                commands:
                  - COMMIT_HASH=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-7)
                  - IMAGE_TAG=${COMMIT_HASH:=latest}
              build:
                commands:
                  - docker build -t $DOCKER_REGISTRY_URL/\(repository):latest .
                  - docker tag $DOCKER_REGISTRY_URL/\(repository):latest $DOCKER_REGISTRY_URL/\(repository):$IMAGE_TAG
                  - docker tag $DOCKER_REGISTRY_URL/\(repository):latest $DOCKER_REGISTRY_URL/\(repository):$SLIPWAY_IMAGE_TAG
              post_build:
                commands:
                  - docker push $DOCKER_REGISTRY_URL/\(repository):$IMAGE_TAG
                  - docker push $DOCKER_REGISTRY_URL/\(repository):$SLIPWAY_IMAGE_TAG
            """
        try fixture.commit("feat: tutorial", files: files)
        try fixture.push()
        let unprivileged = try #require(try fixture.waitForRuns(1, timeoutSeconds: 120).first)
        #expect(unprivileged.status == .failed)
        #expect(try fixture.log(unprivileged).contains("Cannot connect to the Docker daemon"), "docker's own symptom, as on CodeBuild")
        #expect(try fixture.report(unprivileged).contains("a build gets one only with `build.privileged: true` in slipway.yml"))
        #expect(try registryTags(registry, repository).isEmpty)

        try writeTextFileAtomically(fixture.bare + "/slipway.yml", config + "\nbuild:\n  privileged: true\n")
        let sha = try fixture.commit("fix: privileged", files: ["README.md": "privileged\n"])
        try fixture.push()
        let run = try #require(try fixture.waitForRuns(2, timeoutSeconds: 120).last)
        let log = try fixture.log(run)
        #expect(run.status == .succeeded, "\(run.error ?? "") \(log)")
        #expect(log.contains("the container engine (privileged)"))
        #expect(try registryTags(registry, repository) == [sha, String(sha.prefix(7))].sorted())
    }
}
