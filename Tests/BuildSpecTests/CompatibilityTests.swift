@testable import BuildSpec
import Platform
import TestSupport
import Testing
import YAMLSchema

/// The 26 real buildspecs of ../shared/compat/buildspecs, copied byte for byte into Fixtures.
enum CompatFixtures {
    static var directory: String {
        var path = #filePath
        while !path.hasSuffix("/Tests/BuildSpecTests") { path = parentDirectory(path) }
        return path + "/Fixtures/compat"
    }

    /// (file name, expectation) from SOURCES.tsv.
    static func cases() throws -> [(file: String, expect: String)] {
        let rows = try readTextFile(directory + "/SOURCES.tsv").split(separator: "\n").dropFirst()
        return rows.map { row in
            let fields = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return (fields[0], fields[fields.count - 1])
        }
    }

    static func load(_ file: String) throws -> BuildSpecLoadResult {
        BuildSpecLoader.load(bytes: try readWholeFile(directory + "/" + file), file: file)
    }
}

@Suite("Real-world buildspecs behave as compat/buildspecs/README.md says")
struct CompatibilityTests {
    @Test("all 26 files are present")
    func corpusIsComplete() throws {
        #expect(try CompatFixtures.cases().count == 26)
    }

    @Test("every file is accepted or diagnosed as its SOURCES.tsv row expects",
          arguments: try CompatFixtures.cases().map(\.file))
    func expectation(file: String) throws {
        let expect = try #require(try CompatFixtures.cases().first { $0.file == file }?.expect)
        let result = try CompatFixtures.load(file)
        if expect.hasPrefix("diagnose") {
            #expect(!result.errors.isEmpty, "\(file) should be diagnosed: \(expect)")
            #expect(result.spec == nil)
        } else if expect.hasPrefix("accept-or-diagnose") {
            #expect(result.spec != nil || !result.errors.isEmpty)
        } else {
            #expect(result.errors.isEmpty, "\(file) should load: \(result.errors.map(\.description))")
            #expect(result.spec != nil)
        }
    }

    @Test("integer env values become strings: 60 stays \"60\"")
    func integerValue() throws {
        let spec = try #require(try CompatFixtures.load("aws__eks-anywhere__cmd_integration_test_build_buildspecs_docker-test-eks-a-cli.yml").spec)
        #expect(spec.environment.variables.first { $0.name == "INTEGRATION_TEST_MAX_CONCURRENT_TEST_COUNT" }?.value == "60")
        // SOURCES.tsv's note says 22 entries; the file itself has 21 (counted with awk).
        #expect(spec.environment.secrets.count == 21)
        #expect(spec.environment.secrets.first?.reference == "packages_ci_beta:aws_region")
    }

    @Test("integer and boolean env values become strings as written")
    func booleanValue() throws {
        let spec = try #require(try CompatFixtures.load("HathorNetwork__hathor-wallet-service__.codebuild_buildspec.yml").spec)
        let variables = Dictionary(uniqueKeysWithValues: spec.environment.variables.map { ($0.name, $0.value) })
        #expect(variables["MAX_ADDRESS_GAP"] == "20")
        #expect(variables["CONFIRM_FIRST_ADDRESS"] == "true")
        #expect(variables["NODE_ENV"] == "production")
        #expect(spec.environment.shell == "bash")
    }

    @Test("version-like values stay as written: dotnet 5.0 stays \"5.0\"")
    func versionLikeValue() throws {
        let spec = try #require(try CompatFixtures.load("aws__aws-encryption-sdk-dafny__codebuild_dotnet_release-staging.yml").spec)
        #expect(spec.phase(.install)?.runtimeVersions == [Variable(name: "dotnet", value: "5.0")])
        #expect(spec.phase(.build)?.onFailure == .continue)
        #expect(spec.environment.variables.first?.value.hasPrefix("arn:aws:kms:us-west-2:") == true)
    }

    @Test("version 0.1 keeps its plaintext variables and 0.1 semantics")
    func version01() throws {
        let spec = try #require(try CompatFixtures.load("dharnitski__golang-codebuild__buildspec.yml").spec)
        #expect(spec.version == .v0_1)
        #expect(spec.environment.variables == [Variable(name: "PACKAGE", value: "github.com/dharnitski/golang-codebuild")])
        #expect(spec.phase(.install)?.commands.count == 8)
    }

    @Test("GitHub Actions 'steps:' in a phase is reported at its line")
    func stepsKey() throws {
        let result = try CompatFixtures.load("aws__aws-dotnet-deploy__buildtools_ci.buildspec.yml")
        #expect(result.errors.contains { $0.line == 23 && $0.message.contains("unknown key 'steps' in 'phases.post_build'") })
    }

    @Test("a buildspec with only a batch and no version is missing its version")
    func missingVersion() throws {
        let result = try CompatFixtures.load("ca-risken__core__codebuild_multi-arch_buildspec-batch.yml")
        #expect(result.errors.map(\.message) == ["missing required key 'version'; add 'version: 0.2' as the first line of the buildspec"])
    }

    @Test("a nested list as a command is reported at line 22")
    func nestedList() throws {
        let result = try CompatFixtures.load("aws__aws-sam-cli__buildspec.yml")
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.line == 22)
        #expect(result.errors.first?.message.contains("nested list") == true)
    }

    @Test("artifacts.files given as a scalar is accepted with a warning at its line")
    func scalarArtifacts() throws {
        let result = try CompatFixtures.load("awslabs__aws-deployment-framework__samples_sample-terraform_buildspec.yml")
        #expect(result.spec != nil)
        #expect(result.warnings.contains { $0.line == 23 && $0.message.contains("artifacts.files should be a list") })
    }

    @Test("keys Slipway does not run are warnings, never errors")
    func unsupportedKeysWarn() throws {
        let result = try CompatFixtures.load("aws-samples__aws-codepipeline-terraform-cicd-samples__templates_buildspec_validate.yml")
        let messages = result.warnings.map(\.message).joined(separator: "\n")
        #expect(!messages.contains("artifacts"), "artifacts are built now")
        #expect(result.spec?.artifacts.isEmpty == false)
        #expect(!messages.contains("reports"), "reports are read now")
        #expect(result.spec?.reports.map(\.name) == ["checkov-reports", "tfsec-reports"])
        #expect(result.spec?.reports.allSatisfy { $0.format == .junitXML } == true)
        #expect(messages.contains("runtime-versions (python 3.9, golang 1.14)"))
        #expect(result.errors.isEmpty)
    }

    @Test("`slipway check` prints file:line:column problems and exits 1 on errors")
    func checkCommand() throws {
        let path = CompatFixtures.directory + "/aws__aws-sam-cli__buildspec.yml"
        let result = try SlipwayBinaries.run(["check", path])
        #expect(result.termination == .exited(1))
        #expect(result.outputText.contains("\(path):22:9: error: a command in 'phases.pre_build.commands' is a nested list"))
        let good = try SlipwayBinaries.run(["check", CompatFixtures.directory + "/primeroIMS__primero__buildspec.yml"])
        #expect(good.succeeded)
    }
}
