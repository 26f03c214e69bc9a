@testable import BuildSpec
import Testing
import YAMLSchema

@Suite("Buildspec loader")
struct LoaderTests {
    private func load(_ text: String) -> BuildSpecLoadResult {
        BuildSpecLoader.load(text, file: "buildspec.yml")
    }

    @Test("a minimal buildspec loads with sh as its shell")
    func minimal() throws {
        let spec = try #require(load("version: 0.2\nphases:\n  build:\n    commands:\n      - make\n").spec)
        #expect(spec.version == .v0_2)
        #expect(spec.environment.shell == "sh")
        #expect(spec.phases.map(\.name) == [.build])
        #expect(spec.phase(.build)?.commands == [BuildCommand(text: "make", line: 5)])
    }

    @Test("phases come out in run order whatever the file order")
    func phaseOrder() throws {
        let spec = try #require(load("""
            version: 0.2
            phases:
              post_build: {commands: [c]}
              build: {commands: [b]}
              install: {commands: [a]}
            """).spec)
        #expect(spec.phases.map(\.name) == [.install, .build, .postBuild])
    }

    @Test("every problem is reported, each with its own line and column")
    func severalErrors() {
        let result = load("""
            version: 0.3
            env:
              shell: zsh
              variables:
                1BAD: x
            phases:
              pre-build:
                commands: [x]
              build:
                on-failure: MAYBE
                commands:
                  - echo a: b
            """)
        let found = result.errors.map { "\($0.line):\($0.column) \($0.message)" }
        #expect(found.contains { $0.hasPrefix("1:10 unsupported buildspec version '0.3'") })
        #expect(found.contains { $0.hasPrefix("3:10 env.shell 'zsh' is not supported") })
        #expect(found.contains { $0.hasPrefix("5:11 '1BAD' in env.variables is not a valid variable name") })
        #expect(found.contains { $0.hasPrefix("7:3 unknown key 'pre-build' in 'phases'; did you mean 'pre_build'?") })
        #expect(found.contains { $0.hasPrefix("10:17 'phases.build.on-failure' must be ABORT or CONTINUE") })
        #expect(found.contains { $0.hasPrefix("12:9 a command in 'phases.build.commands' was read as a mapping") })
        #expect(result.spec == nil)
    }

    @Test("YAML syntax errors name the line")
    func syntaxError() {
        let result = load("version: 0.2\nphases:\n  build:\n    commands:\n      - \"unterminated\n")
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.message.hasPrefix("invalid YAML") == true)
        #expect((result.errors.first?.line ?? 0) >= 5)
    }

    @Test("a duplicate key is an error at the second occurrence's line, naming the first")
    func duplicateKeys() {
        let text = "version: 0.2\nphases:\n  # the build\n  build:\n    commands: [a]\n  post_build:\n    commands: [c]\n  build:\n    commands: [b]\n"
        let result = load(text)
        #expect(result.errors.map(\.description) == ["buildspec.yml:8:3: error: duplicate key 'build' (first defined at line 4)"], "\(result.errors)")
        // A flow mapping on one line keeps the general message, at the first one.
        let flow = load("version: 0.2\nphases: {build: {commands: [a]}, build: {commands: [b]}}\n")
        #expect(flow.errors.first?.message.contains("appears more than once") == true, "\(flow.errors)")
    }

    @Test("a phase with only finally runs it, with a warning (aws/sagemaker-python-sdk's post_build); a phase with neither is an error")
    func finallyOnlyPhase() throws {
        let result = load("version: 0.2\nphases:\n  build:\n    commands: [make]\n  post_build:\n    finally:\n      - echo cleanup\n")
        #expect(result.errors.isEmpty, "\(result.errors)")
        let spec = try #require(result.spec)
        #expect(spec.phase(.postBuild)?.finally.map(\.text) == ["echo cleanup"] && spec.phase(.postBuild)?.commands.isEmpty == true)
        #expect(spec.warnings.contains { $0.message.contains("'phases.post_build' has only 'finally:'") }, "\(spec.warnings)")
        #expect(load("version: 0.2\nphases:\n  build:\n    on-failure: ABORT\n").errors.first?.message.contains("has no 'commands:' list") == true)
    }

    @Test("a buildspec that is not UTF-8 is an error naming the byte")
    func notUTF8() {
        let result = BuildSpecLoader.load(bytes: Array("version: 0.2\n# caf".utf8) + [0xE9, 0x0A], file: "buildspec.yml")
        #expect(result.errors.first?.message.contains("not UTF-8 text (invalid byte at offset 18)") == true)
        #expect(result.errors.first?.line == 2)
    }

    @Test("secrets, exported variables and their limits")
    func environmentSections() throws {
        let result = load("""
            version: 0.2
            env:
              parameter-store:
                DB_PASSWORD: /app/db/password
              secrets-manager:
                TOKEN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-Abc123:token::"
              exported-variables: [IMAGE_URI, AWS_REGION]
            phases:
              build:
                commands: [x]
            """)
        let spec = try #require(result.spec)
        #expect(spec.environment.secrets.map(\.variable) == ["DB_PASSWORD", "TOKEN"])
        #expect(spec.environment.secrets.map(\.store) == [.parameterStore, .secretsManager])
        #expect(spec.environment.secrets[1].line == 6)
        #expect(spec.environment.exportedVariables == ["IMAGE_URI"])
        #expect(result.warnings.contains { $0.message.contains("'AWS_REGION' is not exported") })
    }

    @Test("an unquoted command cut by ' #' is flagged")
    func cutByComment() throws {
        let result = load("version: 0.2\nphases:\n  build:\n    commands:\n      - echo \"build #1\"\n")
        #expect(result.spec?.phase(.build)?.commands.first?.text == "echo \"build")
        #expect(result.warnings.first?.message.contains("unbalanced quote") == true)
        #expect(result.warnings.first?.line == 5)
    }

    @Test("RETRY on-failure is accepted with a warning and aborts")
    func retryWarns() throws {
        let result = load("version: 0.2\nphases:\n  build:\n    on-failure: RETRY-2\n    commands: [x]\n")
        #expect(result.spec?.phase(.build)?.onFailure == .abort)
        #expect(result.warnings.first?.message.contains("RETRY-2 is not supported") == true)
    }

    @Test("multi-line and folded commands keep their text")
    func blockCommands() throws {
        let spec = try #require(load("""
            version: 0.2
            phases:
              build:
                commands:
                  - |
                    if true; then
                      echo yes
                    fi
                  - >
                    echo one
                    two
            """).spec)
        #expect(spec.phase(.build)?.commands.map(\.text) == ["if true; then\n  echo yes\nfi\n", "echo one two"])
    }
}
