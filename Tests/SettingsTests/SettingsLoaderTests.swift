import Intake
@testable import Settings
import SlipwayModel
import Testing

@Suite("slipway.yml")
struct SettingsLoaderTests {
    private func parse(_ text: String) throws -> SlipwaySettings {
        try SettingsLoader.parse(text, file: "/srv/git/app.git/slipway.yml", gitDirectory: "/srv/git/app.git")
    }

    private func errors(_ text: String) -> [String] {
        do {
            _ = try parse(text)
            return []
        } catch let error as SettingsError {
            return error.diagnostics.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test("values that used to pass or crash are errors with file:line (issue 15 §7): an overflowing timeout, a number as a branch, two '@' in a webhook URL, a system directory as a path")
    func silentAcceptance() throws {
        let file = "/srv/git/app.git/slipway.yml"
        #expect(errors("timeout: 153722867280912930\n") == ["\(file):1:10: error: 'timeout' must be at most 36h (2160 minutes, CodeBuild's own limit), found '153722867280912930'"])
        #expect(errors("timeout: 99999999999999999999h\n").first?.contains("must be at most 36h") == true)
        #expect(errors("timeout: 37h\n").first?.contains("must be at most 36h") == true)
        #expect(try parse("timeout: 36h\n").timeoutSeconds == 36 * 3600)
        #expect(try parse("timeout: 1h30m\n").timeoutSeconds == 5400)
        #expect(errors("timeout: h\n").first?.contains("must be minutes (60) or a duration") == true)
        #expect(errors("branches: 5\n").first?.contains("\(file):1:11: error: 'branches' takes names or patterns, found the number 5") == true)
        #expect(errors("branches: [main, 5]\n").first?.contains("quote it ('5')") == true)
        #expect(try parse("branches: [main, '5']\n").branchPatterns == ["main", "5"])
        #expect(errors("tags: true\n").first?.contains("found the boolean true") == true)
        let webhook = errors("notify:\n  webhooks:\n    - url: http://user:pa@ss@hooks.example\n")
        #expect(webhook.count == 1 && webhook[0].contains("\(file):3:") && webhook[0].contains("more than one '@'"), "\(webhook)")
        #expect(!webhook[0].contains("pa@ss") && !webhook[0].contains("user:pa"), "the password never appears in the message")
        #expect(errors("paths:\n  reports: /etc\n") == ["\(file):2:12: error: 'paths.reports' is /etc, a system directory: Slipway writes its own files there. Give it a directory of its own (the default is inside the repository's slipway/ directory)"])
        #expect(errors("paths:\n  state: /dev/null\n").first?.contains("is /dev/null, inside /dev") == true)
        #expect(try parse("paths:\n  reports: /srv/reports/app\n").paths.reports == "/srv/reports/app")
        #expect(try parse("buildspec: ./buildspec.yml\n").buildspecPath == "buildspec.yml", "issue 15 §10: ./ was accepted, then not found")
        #expect(try parse("buildspec: ./ci//build.yml\n").buildspecPath == "ci/build.yml")
        #expect(errors("buildspec: ./\n").first?.contains("'buildspec' must name a file") == true)
    }

    @Test("defaults: main, buildspec.yml, 60 minutes, state under the git directory")
    func defaults() throws {
        let settings = try parse("")
        #expect(settings.branchPatterns == ["main"])
        #expect(settings.buildspecPath == "buildspec.yml")
        #expect(settings.timeoutSeconds == 3600)
        #expect(settings.paths.state == "/srv/git/app.git/slipway")
        #expect(settings.paths.database == "/srv/git/app.git/slipway/history.sqlite")
        #expect(settings.paths.reports == "/srv/git/app.git/slipway/reports")
        #expect(settings.queue.defaultPolicy == QueuePolicy(mode: .supersede, cancelRunning: false))
        #expect(settings.queue.concurrency == 1)
        #expect(settings.changelog.groups.map(\.title) == ["Breaking changes", "Features", "Fixes", "Performance", "Other"])
        #expect(settings.changelog.groups.map(\.types) == [["breaking"], ["feat"], ["fix"], ["perf"], []])
    }

    @Test("every documented key is read")
    func fullFile() throws {
        let settings = try parse("""
            branches: [main, "release/*"]
            tags: v*
            default-branch: trunk
            buildspec: ci/buildspec.yml
            timeout: 1h30m
            paths:
              state: /var/lib/slipway/app
              reports: reports
            environment:
              DEPLOY_ENV: staging
            queue:
              mode: queue
              concurrency: 3
              wait: yes
              keep-runs: 10
              requeue-interrupted: 2
              branches:
                "feature/*": {mode: supersede, cancel-running: true}
            """)
        #expect(settings.branchPatterns == ["main", "release/*"])
        #expect(settings.tagPatterns == ["v*"])
        #expect(settings.defaultBranch == "trunk")
        #expect(settings.buildspecPath == "ci/buildspec.yml")
        #expect(settings.timeoutSeconds == 5400)
        #expect(settings.paths.state == "/var/lib/slipway/app")
        #expect(settings.paths.work == "/var/lib/slipway/app/work")
        #expect(settings.paths.reports == "/srv/git/app.git/reports")
        #expect(settings.environment.map(\.name) == ["DEPLOY_ENV"])
        #expect(settings.queue.concurrency == 3)
        #expect(settings.queue.wait)
        #expect(settings.queue.keepRuns == 10)
        #expect(settings.queue.requeueInterrupted == 2)
        #expect(settings.queuePolicy(forBranch: "feature/login") == QueuePolicy(mode: .supersede, cancelRunning: true))
        #expect(settings.queuePolicy(forBranch: "main") == QueuePolicy(mode: .queue, cancelRunning: false))
    }

    @Test("changelog and notify: groups, merges, limits, notes, templates relative to the git directory, webhooks")
    func changelogAndNotify() throws {
        let settings = try parse("""
            changelog:
              groups:
                - {title: New, types: [feat, perf]}
                - {title: Bugs, types: fix}
                - {title: Rest}
              merges: list
              first-build-limit: 20
              report-limit: 30
              file: false
              notes-ref: refs/notes/builds
              template: templates/changes.mustache
            notify:
              webhooks:
                - url: https://chat.example.com/hooks/abc
                  on: [success, failure]
                  attempts: 5
                  template: /etc/slipway/chat.json.mustache
                - url-secret: /ci/slack-webhook
            """)
        let changelog = settings.changelog
        #expect(changelog.groups.map(\.title) == ["New", "Bugs", "Rest"])
        #expect(changelog.groups.map(\.types) == [["feat", "perf"], ["fix"], []])
        #expect(changelog.includeMerges && !changelog.writeFile)
        #expect(changelog.firstBuildLimit == 20 && changelog.reportLimit == 30)
        #expect(changelog.notesReference == "refs/notes/builds")
        #expect(changelog.template == "/srv/git/app.git/templates/changes.mustache")
        #expect(changelog.webhooks.count == 2)
        #expect(changelog.webhooks[0].url == "https://chat.example.com/hooks/abc" && changelog.webhooks[0].attempts == 5)
        #expect(changelog.webhooks[0].on == ["success", "failure"])
        #expect(changelog.webhooks[0].template == "/etc/slipway/chat.json.mustache")
        #expect(changelog.webhooks[1].url == nil && changelog.webhooks[1].urlSecret == "/ci/slack-webhook")
        #expect(changelog.webhooks[1].on == ["success"])
        #expect(try parse("changelog: {notes-ref: false}").changelog.notesReference == nil)
    }

    @Test("bad changelog and webhook settings are errors naming the line")
    func badNotify() {
        let found = errors("""
            changelog:
              merges: sometimes
              notes-ref: slipway
            notify:
              webhooks:
                - url: ftp://example.com
                - {url: "https://a.example.com", url-secret: /x}
                - on: [always]
                  url: http://127.0.0.1:9/
            """)
        #expect(found.contains { $0.contains(":2:11: error: 'changelog.merges' must be list or skip, found 'sometimes'") })
        #expect(found.contains { $0.contains(":3:14: error: 'changelog.notes-ref' must start with refs/notes/") })
        #expect(found.contains { $0.contains(":6:12: error: webhook url must start with http:// or https://") })
        #expect(found.contains { $0.contains(":7:7: error: each webhook needs either a 'url' or a 'url-secret'") })
        #expect(found.contains { $0.contains(":8:12: error: webhook 'on' takes success and failure, found 'always'") })
    }

    @Test("unknown keys are errors naming file and line, with a suggestion")
    func unknownKey() {
        #expect(errors("branchs: [main]\n") == [
            "/srv/git/app.git/slipway.yml:1:1: error: unknown key 'branchs'; did you mean 'branches'?",
        ])
        #expect(errors("queue:\n  concurency: 2\n").first?.hasPrefix(
            "/srv/git/app.git/slipway.yml:2:3: error: unknown key 'concurency' in 'queue'; did you mean 'concurrency'?") == true)
    }

    @Test("wrong types and values are errors that say what is expected")
    func wrongTypes() {
        let found = errors("""
            timeout: soon
            queue:
              concurrency: two
              wait: maybe
              mode: eventually
            branches: {main: true}
            """)
        #expect(found.contains { $0.contains(":1:10: error: 'timeout' must be minutes (60) or a duration") })
        #expect(found.contains { $0.contains(":3:16: error: 'queue.concurrency' must be a whole number, found 'two'") })
        #expect(found.contains { $0.contains(":4:9: error: 'queue.wait' must be true or false, found 'maybe'") })
        #expect(found.contains { $0.contains(":5:9: error: 'queue.mode' must be one of supersede, queue, parallel") })
        #expect(found.contains { $0.contains(":6:11: error: 'branches' must be a list, found a mapping") })
    }

    @Test("a buildspec path must stay inside the repository")
    func buildspecPath() {
        #expect(errors("buildspec: ../../etc/passwd\n").first?.contains("must be a path inside the repository") == true)
    }

    @Test("logs.max-size: 1 GiB by default; sizes in bytes, KiB/MiB/GiB (and K/M/G) or KB/MB/GB; out of range or garbage is an error with its line")
    func logMaxSize() throws {
        #expect(try parse("").logMaxBytes == 1 << 30)
        #expect(try parse("logs:\n  max-size: 512MiB\n").logMaxBytes == 512 << 20)
        #expect(try parse("logs:\n  max-size: 200 MB\n").logMaxBytes == 200_000_000)
        #expect(try parse("logs:\n  max-size: 2g\n").logMaxBytes == 2 << 30)
        #expect(try parse("logs:\n  max-size: 1048576\n").logMaxBytes == 1 << 20)
        #expect(errors("logs:\n  max-size: lots\n") == [
            "/srv/git/app.git/slipway.yml:2:13: error: 'logs.max-size' must be a size such as 512MiB, 1GiB or 200MB (or bytes), found 'lots'"])
        #expect(errors("logs:\n  max-size: 1k\n").first?.contains("must be between 64KiB and 1TiB") == true)
        #expect(errors("logs:\n  max-size: 99999999999999999999G\n").first?.contains("must be a size") == true, "an overflow is not a size")
        #expect(errors("logs:\n  size: 1G\n").first?.contains("size") == true)
    }

    @Test("durations", arguments: [("90", 5400), ("90s", 90), ("45m", 2700), ("2h", 7200), ("1h30m", 5400)])
    func durations(text: String, seconds: Int) {
        #expect(SettingsLoader.parseDuration(text) == seconds)
    }

    @Test("build.image means container mode, per branch too; isolation: container without an image, or an image with another isolation, is an error at its line")
    func containerSettings() throws {
        let file = "/srv/git/app.git/slipway.yml"
        let settings = try parse("build:\n  image: node:20\n  privileged: true\n  branches:\n    'release/*': {isolation: sandbox}\n")
        #expect(settings.build.policy(forBranch: "main").isolation == .container)
        #expect(settings.build.policy(forBranch: "main").image == "node:20" && settings.build.policy(forBranch: "main").privileged)
        #expect(settings.build.policy(forBranch: "release/1").isolation == .sandbox, "a branch can opt out of the container")
        #expect(errors("build:\n  isolation: container\n") == ["\(file):2:14: error: 'build.isolation' is container, but no image is set: add 'build.image' (the image builds run in, as CodeBuild's environment image)"])
        #expect(errors("build:\n  image: node:20\n  isolation: sandbox\n").first?.contains("'build.image' runs builds in a container, but 'build.isolation' says sandbox") == true)
        #expect(try parse("build:\n  image: node:20\n  branches:\n    main: {network: false}\n").build.policy(forBranch: "main").image == "node:20",
                "a branch override inherits the image")
    }
}


@Suite("Branch patterns")
struct GlobPatternTests {
    @Test("* stays within a segment, ** crosses segments",
          arguments: [
            ("main", "main", true), ("main", "mainline", false), ("release/*", "release/1.2", true),
            ("release/*", "release/1.2/hotfix", false), ("release/**", "release/1.2/hotfix", true),
            ("*", "feature/x", false), ("**", "feature/x", true), ("feature-?", "feature-a", true),
            ("v[0-9]*", "v1.0", true), ("v[0-9]*", "vx", false), ("[!m]ain", "main", false), ("[!m]ain", "rain", true),
          ])
    func matching(pattern: String, name: String, expected: Bool) {
        #expect(GlobPattern(pattern).matches(name) == expected)
    }
}
