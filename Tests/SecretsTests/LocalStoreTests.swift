import BuildSpec
import Platform
@testable import Secrets
import Settings
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Local secret store, references and profiles")
struct LocalStoreTests {
    @Test("the store is a 0600 file in a 0700 directory, written atomically")
    func permissions() throws {
        let scratch = ScratchDirectory("store")
        let store = LocalSecretStore(directory: scratch.file("secrets"))
        try store.put("/app/db", value: "first")
        try store.put("/app/db", value: "second")
        try store.put("docker/password", value: "pw")
        #expect(try store.value("/app/db") == "second")
        #expect(try store.names() == ["/app/db", "docker/password"])
        var info = stat()
        #expect(stat(store.file, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(stat(store.directory, &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect(try store.remove("/app/db"))
        #expect(try !store.remove("/app/db"))
        #expect(try store.value("/app/db") == nil)
    }

    @Test("buildspec requests resolve from the local store, JSON keys included")
    func localResolution() throws {
        let scratch = ScratchDirectory("localresolve")
        var settings = SlipwaySettings(gitDirectory: scratch.path)
        settings.secrets.allow = ["**"]
        let store = LocalSecretStore(directory: settings.secrets.localStore)
        try store.put("/ci/token", value: "local-token")
        try store.put("db", value: #"{"password":"from-json"}"#)
        let resolver = SecretResolver(settings: settings, environment: [:])
        let values = try resolver.resolve([parameter("TOKEN", "/ci/token"), secret("PW", "db:password")])
        #expect(values.map(\.value) == ["local-token", "from-json"])
        #expect(throws: SecretResolutionFailure(message: "buildspec.yml:7: env.parameter-store.X: secret /ci/other was not found in the local secret store (add it with: slipway secrets put /ci/other)")) {
            try resolver.resolve([parameter("X", "/ci/other")])
        }
    }

    @Test("secrets-manager references, ARNs included",
          arguments: [
            ("TestSecret:MY_SECRET_VAR", SecretsManagerReference(secretId: "TestSecret", jsonKey: "MY_SECRET_VAR")),
            ("PyPiAPIToken:password", SecretsManagerReference(secretId: "PyPiAPIToken", jsonKey: "password")),
            ("id::AWSPREVIOUS", SecretsManagerReference(secretId: "id", versionStage: "AWSPREVIOUS")),
            ("id:::v-123", SecretsManagerReference(secretId: "id", versionId: "v-123")),
            ("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbC123",
             SecretsManagerReference(secretId: "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbC123")),
            ("arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-Xy:token::",
             SecretsManagerReference(secretId: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-Xy", jsonKey: "token")),
          ])
    func references(text: String, expected: SecretsManagerReference) throws {
        #expect(try SecretsManagerReference.parse(text) == expected)
    }

    @Test("bad references say why")
    func badReferences() {
        #expect(throws: ReferenceError.self) { try SecretsManagerReference.parse("id::stage:version") }
        #expect(throws: ReferenceError.self) { try SecretsManagerReference.parse("arn:aws:s3:::bucket") }
        #expect(throws: ReferenceError.self) { try SecretsManagerReference.parse(":key") }
        #expect(throws: ReferenceError.self) { try SecretsManagerReference.parse("a:b:c:d:e") }
        #expect(SecretsManagerReference(secretId: "arn:aws:secretsmanager:r:1:secret:prod/db").name == "prod/db")
    }

    @Test("credentials and region come from profiles in ~/.aws when the environment has none")
    func profiles() throws {
        let scratch = ScratchDirectory("profiles")
        try scratch.write(".aws/credentials", "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = secret1\n\n[ci]\naws_access_key_id=AKIACI\naws_secret_access_key=secret2\naws_session_token = token2\n")
        try scratch.write(".aws/config", "[default]\nregion = eu-west-1\n[profile ci]\nregion=ap-south-1\n")
        let home = ["HOME": scratch.path]
        let byDefault = try AWSEnvironment.resolve(settings: AWSSettings(), environment: home)
        #expect(byDefault.credentials == AWSCredentials(accessKeyId: "AKIADEFAULT", secretAccessKey: "secret1"))
        #expect(byDefault.region == "eu-west-1")
        var named = AWSSettings()
        named.profile = "ci"
        let ci = try AWSEnvironment.resolve(settings: named, environment: home)
        #expect(ci.credentials == AWSCredentials(accessKeyId: "AKIACI", secretAccessKey: "secret2", sessionToken: "token2"))
        #expect(ci.region == "ap-south-1")
        let fromEnvironment = try AWSEnvironment.resolve(settings: AWSSettings(), environment: home.merging(
            ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_REGION": "us-west-2"]) { $1 })
        #expect(fromEnvironment.credentials.accessKeyId == "AKIAENV" && fromEnvironment.region == "us-west-2")
        let emptyToken = try AWSEnvironment.resolve(settings: AWSSettings(), environment: home.merging(
            ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "", "AWS_REGION": "us-west-2"]) { $1 })
        #expect(emptyToken.credentials.sessionToken == nil, "an empty AWS_SESSION_TOKEN (CI systems export one) means no token")
        let signed = SignatureV4.sign(SigningInput(method: "GET", path: "/", headers: [.init("Host", "ssm.us-west-2.amazonaws.com")], body: []),
                                      credentials: emptyToken.credentials, region: "us-west-2", service: "ssm",
                                      timestamp: "20150830T123600Z")
        #expect(!signed.canonicalRequest.contains("x-amz-security-token"), "no empty token is signed")
        #expect(throws: AWSError.missingRegion(profile: "default")) {
            try AWSEnvironment.resolve(settings: AWSSettings(), environment: ["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b", "HOME": "/nonexistent"])
        }
    }
}
