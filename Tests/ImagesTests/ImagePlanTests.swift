import BuildSpec
@testable import HTTP
@testable import Images
import Settings
import SlipwayModel
import Testing

private func run(_ branch: String, kind: RefKind = .branch, number: Int64 = 12) -> ClaimedRun {
    ClaimedRun(number: number, buildId: "b", ref: (kind == .tag ? "refs/tags/" : "refs/heads/") + branch, branch: branch, refKind: kind,
               oldSha: String(repeating: "0", count: 40), newSha: "3f2a9c1" + String(repeating: "e", count: 33),
               trigger: .push, initiator: "t")
}

@Suite("Image plan: names, tags, commands")
struct ImagePlanTests {
    @Test("references split into registry and repository, and bad names say why")
    func references() throws {
        let local = try ImageReference(parsing: "127.0.0.1:5000/team/app")
        #expect(local.registry == "127.0.0.1:5000" && local.repository == "team/app")
        #expect(local.apiBase(insecure: false) == "http://127.0.0.1:5000")
        let hub = try ImageReference(parsing: "nginx")
        #expect(hub.registry == "docker.io" && hub.repository == "library/nginx" && hub.apiBase(insecure: false) == "https://registry-1.docker.io")
        #expect(try ImageReference(parsing: "registry.example.com/a/b-c.d").apiBase(insecure: false) == "https://registry.example.com")
        #expect(throws: ImageNameError.self) { try ImageReference(parsing: "Team/App") }
        #expect(throws: ImageNameError.self) { try ImageReference(parsing: "team/app:latest") }
        #expect(throws: ImageNameError.self) { try ImageReference(parsing: "team/app@sha256:abc") }
    }

    @Test("default tags: full SHA, short SHA, branch, build number, and latest only on the default branch")
    func defaultTags() throws {
        let definition = ImageDefinition(name: "r/app")
        #expect(try TagTemplates.tags(for: definition, run: run("main"), defaultBranch: "main", shortShaLength: 7)
                == ["3f2a9c1" + String(repeating: "e", count: 33), "3f2a9c1", "main", "12", "latest"])
        #expect(try TagTemplates.tags(for: definition, run: run("feature/Login x"), defaultBranch: "main", shortShaLength: 9)
                == ["3f2a9c1" + String(repeating: "e", count: 33), "3f2a9c1ee", "feature-Login-x", "12"])
    }

    @Test("a tag push gets the tag's own name; custom templates and latest policies")
    func tagPushAndTemplates() throws {
        var definition = ImageDefinition(name: "r/app")
        definition.tags = ["{tag}", "{short-sha}", "build-{build-number}", "{branch}"]
        definition.latest = .always
        #expect(try TagTemplates.tags(for: definition, run: run("v1.2.0", kind: .tag), defaultBranch: "main", shortShaLength: 7)
                == ["v1.2.0", "3f2a9c1", "build-12", "latest"])
        definition.latest = .never
        #expect(try TagTemplates.tags(for: definition, run: run("main"), defaultBranch: "main", shortShaLength: 7)
                == ["3f2a9c1", "build-12", "main"])
        definition.tags = ["{shaa}"]
        #expect(throws: ImageNameError.self) { try TagTemplates.tags(for: definition, run: run("main"), defaultBranch: "main", shortShaLength: 7) }
    }

    @Test("branch names become valid Docker tags", arguments: [
        ("main", "main"), ("feature/x", "feature-x"), (".hidden", "_hidden"), ("-dash", "_dash"), ("ümlaut", "_mlaut"),
        (String(repeating: "a", count: 200), String(repeating: "a", count: 128)),
    ])
    func dockerTags(branch: String, tag: String) {
        #expect(ImageTagging.dockerTag(fromBranch: branch) == tag)
        #expect(ImageTagging.isValidTag(tag))
    }

    @Test("variables in names expand from the build; unset ones are named")
    func variables() throws {
        let values = ["DOCKER_REGISTRY_URL": "127.0.0.1:5000", "DOCKER_USERNAME": "me"]
        #expect(try VariableExpansion.expand("${DOCKER_REGISTRY_URL}/$DOCKER_USERNAME/app", lookup: { values[$0] })
                == "127.0.0.1:5000/me/app")
        #expect(throws: VariableError.self) { try VariableExpansion.expand("${NOPE}/app", lookup: { values[$0] }) }
        #expect(VariableExpansion.referencedNames(in: "${A}/$B/c") == ["A", "B"])
    }

    @Test("the plan logs in with --password-stdin, builds once, tags, and pushes each tag")
    func commands() throws {
        var settings = SlipwaySettings(gitDirectory: "/srv/app.git")
        settings.images.registries = [RegistrySettings(address: "127.0.0.1:5000", username: "ci", passwordSecret: "registry/pw")]
        var definition = ImageDefinition(name: "127.0.0.1:5000/team/app")
        definition.tags = ["{short-sha}", "{branch}"]
        definition.target = "prod"
        definition.buildArguments = [("VERSION", "$SLIPWAY_SHORT_SHA")]
        settings.images.images = [definition]
        let plan = try ImagePlanner.plan(settings: settings, run: run("main"), sourceDirectory: "/w/12/src", iidDirectory: "/w/12/engine",
                                         lookup: { $0 == "SLIPWAY_SHORT_SHA" ? "3f2a9c1" : nil })
        #expect(plan.commands.map { $0.display(engine: "docker") } == [
            "docker login --username ci --password-stdin 127.0.0.1:5000 < secret registry/pw (***)",
            "docker build --file /w/12/src/Dockerfile --tag 127.0.0.1:5000/team/app:3f2a9c1 --iidfile /w/12/engine/image-0.id --target prod --build-arg VERSION=3f2a9c1 /w/12/src",
            "docker tag 127.0.0.1:5000/team/app:3f2a9c1 127.0.0.1:5000/team/app:main",
            "docker tag 127.0.0.1:5000/team/app:3f2a9c1 127.0.0.1:5000/team/app:latest",
            "docker push 127.0.0.1:5000/team/app:3f2a9c1",
            "docker push 127.0.0.1:5000/team/app:main",
            "docker push 127.0.0.1:5000/team/app:latest",
        ])
        definition.context = "../outside"
        settings.images.images = [definition]
        #expect(throws: ImageNameError.self) {
            try ImagePlanner.plan(settings: settings, run: run("main"), sourceDirectory: "/w/12/src", iidDirectory: "/w", lookup: { _ in "x" })
        }
    }

    @Test("docker push's digest line is read; HTTP header blocks with CRLF and interim responses are parsed")
    func parsing() {
        let output = "The push refers to repository [r/app]\nabc: Pushed\nmain: digest: sha256:0834 size: 528\n"
        #expect(DockerOutput.pushDigest(output, tag: "main") == "sha256:0834")
        #expect(DockerOutput.pushDigest(output, tag: "other") == nil)
        let headers = HTTPClient.finalHeaderBlock("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nDocker-Content-Digest: sha256:abc\r\nContent-Length: 5\r\n\r\n")
        #expect(headers.map(\.name) == ["Docker-Content-Digest", "Content-Length"])
        #expect(headers.first?.value == "sha256:abc")
    }
}
