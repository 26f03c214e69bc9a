import BuildSpec
import Platform
@testable import Secrets
import Settings
import TestSupport
import Testing

/// Settings whose secrets come from moto (or another endpoint), allowing everything under /slipway-test.
func awsSettings(endpoint: String, allow: [String] = ["/slipway-test/**", "slipway-test/**"]) -> SlipwaySettings {
    var settings = SlipwaySettings(gitDirectory: "/srv/app.git")
    settings.secrets.parameterStore = "aws"
    settings.secrets.secretsManager = "aws"
    settings.secrets.allow = allow
    settings.secrets.aws.endpoint = endpoint
    settings.secrets.aws.region = "us-east-1"
    return settings
}

func parameter(_ variable: String, _ name: String, line: Int = 7) -> SecretRequest {
    SecretRequest(variable: variable, reference: name, store: .parameterStore, line: line)
}

func secret(_ variable: String, _ reference: String, line: Int = 9) -> SecretRequest {
    SecretRequest(variable: variable, reference: reference, store: .secretsManager, line: line)
}

@Suite("Secrets from moto_server: SSM Parameter Store and Secrets Manager", .serialized)
struct SecretResolverTests {
    @Test("SSM String and SecureString values, with decryption")
    func parameterStore() throws {
        let id = uniqueSuffix()
        try TestServices.aws(["ssm", "put-parameter", "--name", "/slipway-test/\(id)/plain", "--value", "plain-value", "--type", "String"])
        try TestServices.aws(["ssm", "put-parameter", "--name", "/slipway-test/\(id)/secure", "--value", "s3cure-value!", "--type", "SecureString"])
        let resolver = SecretResolver(settings: awsSettings(endpoint: try TestServices.moto()), environment: try TestServices.awsEnvironment())
        let values = try resolver.resolve([parameter("PLAIN", "/slipway-test/\(id)/plain"), parameter("SECURE", "/slipway-test/\(id)/secure")])
        #expect(values.map(\.name) == ["PLAIN", "SECURE"])
        #expect(values.map(\.value) == ["plain-value", "s3cure-value!"])
    }

    @Test("Secrets Manager: a plain string, a JSON key, and a full ARN as the secret id")
    func secretsManager() throws {
        let id = uniqueSuffix()
        let arn = try TestServices.aws(["secretsmanager", "create-secret", "--name", "slipway-test/\(id)/db",
                                        "--secret-string", #"{"username":"app","password":"pa:ss:word","port":5432}"#,
                                        "--query", "ARN", "--output", "text"])
        try TestServices.aws(["secretsmanager", "create-secret", "--name", "slipway-test/\(id)/token", "--secret-string", "tok-123456"])
        let resolver = SecretResolver(settings: awsSettings(endpoint: try TestServices.moto()), environment: try TestServices.awsEnvironment())
        let values = try resolver.resolve([
            secret("TOKEN", "slipway-test/\(id)/token"),
            secret("DB_PASSWORD", "slipway-test/\(id)/db:password"),
            secret("DB_PORT", "slipway-test/\(id)/db:port:AWSCURRENT"),
            secret("BY_ARN", "\(arn):username"),
            secret("WHOLE", "\(arn)"),
        ])
        let byName = Dictionary(uniqueKeysWithValues: values.map { ($0.name, $0.value) })
        #expect(byName["TOKEN"] == "tok-123456")
        #expect(byName["DB_PASSWORD"] == "pa:ss:word")
        #expect(byName["DB_PORT"] == "5432")
        #expect(byName["BY_ARN"] == "app")
        #expect(byName["WHOLE"]?.contains("\"username\"") == true)
    }

    @Test("missing names fail clearly, naming the variable, the secret and the buildspec line")
    func missingNames() throws {
        let resolver = SecretResolver(settings: awsSettings(endpoint: try TestServices.moto()), environment: try TestServices.awsEnvironment())
        #expect(throws: SecretResolutionFailure(message: "buildspec.yml:7: env.parameter-store.MISSING: secret /slipway-test/none/here was not found in AWS SSM Parameter Store")) {
            try resolver.resolve([parameter("MISSING", "/slipway-test/none/here")])
        }
        #expect(throws: SecretResolutionFailure(message: "buildspec.yml:9: env.secrets-manager.GONE: secret slipway-test/none/secret was not found in AWS Secrets Manager")) {
            try resolver.resolve([secret("GONE", "slipway-test/none/secret")])
        }
    }

    @Test("a missing JSON key lists the keys that exist, never the values")
    func missingJSONKey() throws {
        let id = uniqueSuffix()
        try TestServices.aws(["secretsmanager", "create-secret", "--name", "slipway-test/\(id)/json", "--secret-string", #"{"user":"u-value-1","pass":"p-value-2"}"#])
        let resolver = SecretResolver(settings: awsSettings(endpoint: try TestServices.moto()), environment: try TestServices.awsEnvironment())
        do {
            _ = try resolver.resolve([secret("X", "slipway-test/\(id)/json:nope")])
            Issue.record("expected a failure")
        } catch let failure as SecretResolutionFailure {
            #expect(failure.message.hasSuffix("has no key 'nope' (its keys: pass, user)"))
            #expect(!failure.message.contains("value"))
        }
    }

    @Test("secrets.allow patterns are IAM resource patterns: * crosses /, ? is one character, the rest is literal")
    func iamWildcards() {
        #expect(IAMResourcePattern("/myapp/*").matches("/myapp/docker/password"))
        #expect(IAMResourcePattern("/myapp/*").matches("/myapp/"))
        #expect(!IAMResourcePattern("/myapp/*").matches("/myapp"))
        #expect(!IAMResourcePattern("/myapp/*").matches("/other/myapp/x"))
        #expect(IAMResourcePattern("/db/password-?").matches("/db/password-1"))
        #expect(!IAMResourcePattern("/db/password-?").matches("/db/password-12"))
        #expect(IAMResourcePattern("*").matches("anything/at/all"))
        #expect(IAMResourcePattern("prod/*/key").matches("prod/a/b/key"))
        #expect(!IAMResourcePattern("prod/*/key").matches("prod/a/b/keys"))
        #expect(!IAMResourcePattern("/App/*").matches("/app/x"), "case-sensitive, as IAM resource names are")
        #expect(IAMResourcePattern("a*b*c").matches("aXbYbZc") && !IAMResourcePattern("a*b*c").matches("aXbYbZ"))
    }

    @Test("an IAM pattern in secrets.allow admits a nested name, which is then looked up (here: an unreachable endpoint)")
    func iamWildcardAdmitsNested() {
        let resolver = SecretResolver(settings: awsSettings(endpoint: "http://127.0.0.1:9", allow: ["/myapp/*"]),
                                      environment: ["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"])
        do {
            _ = try resolver.resolve([SecretRequest(variable: "PASSWORD", reference: "/myapp/docker/password", store: .parameterStore, line: 5)])
            Issue.record("an unreachable endpoint cannot answer")
        } catch {
            #expect(!"\(error)".contains("AccessDenied"), "\(error)")
        }
    }

    @Test("the allowlist refuses what slipway.yml does not list, as an IAM AccessDenied would, without calling AWS")
    func allowlist() throws {
        let resolver = SecretResolver(settings: awsSettings(endpoint: "http://127.0.0.1:9", allow: ["/app/public/*"]), environment: [:])
        #expect(throws: SecretResolutionFailure(message: "buildspec.yml:7: env.parameter-store.KEY: secret /app/private/key is not allowed (AccessDenied): secrets.allow in slipway.yml allows only /app/public/*; ask the server's admin to allow it")) {
            try resolver.resolve([parameter("KEY", "/app/private/key")])
        }
        let none = SecretResolver(settings: awsSettings(endpoint: "http://127.0.0.1:9", allow: []), environment: [:])
        #expect(throws: SecretResolutionFailure.self) { try none.resolve([secret("X", "arn:aws:secretsmanager:us-east-1:1:secret:prod/db")]) }
    }

    @Test("missing credentials fail clearly and say what to set")
    func missingCredentials() throws {
        let resolver = SecretResolver(settings: awsSettings(endpoint: try TestServices.moto()), environment: ["HOME": "/nonexistent"])
        do {
            _ = try resolver.resolve([parameter("P", "/slipway-test/x")])
            Issue.record("expected a failure")
        } catch let failure as SecretResolutionFailure {
            #expect(failure.message.contains("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"))
            #expect(failure.message.contains("secret /slipway-test/x"))
        }
    }

    @Test("an unreachable endpoint fails within seconds, naming the endpoint")
    func unreachable() throws {
        let port = try freeLoopbackPort()
        let resolver = SecretResolver(settings: awsSettings(endpoint: "http://127.0.0.1:\(port)"), environment: try TestServices.awsEnvironment())
        let started = Clock.monotonicMilliseconds()
        do {
            _ = try resolver.resolve([parameter("P", "/slipway-test/x")])
            Issue.record("expected a failure")
        } catch let failure as SecretResolutionFailure {
            #expect(failure.message.contains("http://127.0.0.1:\(port) could not be reached after 3 attempts"))
        }
        #expect(Clock.monotonicMilliseconds() - started < 10_000)
    }

    @Test("AWS AccessDenied (moto enforcing IAM) is a clear failure naming the secret")
    func accessDenied() throws {
        let port = try freeLoopbackPort()
        let moto = try BackgroundServer("moto_server", ["-H", "127.0.0.1", "-p", String(port)],
                                        environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "0"], readsFirstLine: false)
        try moto.waitUntilAnswering("http://127.0.0.1:\(port)/moto-api/")
        let resolver = SecretResolver(settings: awsSettings(endpoint: "http://127.0.0.1:\(port)"),
                                      environment: ["AWS_ACCESS_KEY_ID": "AKIAUNKNOWN", "AWS_SECRET_ACCESS_KEY": "nope"])
        do {
            _ = try resolver.resolve([parameter("P", "/slipway-test/denied")])
            Issue.record("expected a failure")
        } catch let failure as SecretResolutionFailure {
            #expect(failure.message.contains("secret /slipway-test/denied was refused by AWS"), "\(failure.message)")
            #expect(!failure.message.contains("<?xml"), "the XML error body is read, not dumped")
            #expect(failure.message.contains("grant the worker's IAM identity read access"))
        }
    }

    @Test("throttling is retried with backoff until it clears")
    func throttling() throws {
        var path = #filePath
        path = parentDirectory(path) + "/Fixtures/throttling_server.py"
        let server = try BackgroundServer("python3", [path, "2"])
        let resolver = SecretResolver(settings: awsSettings(endpoint: "http://127.0.0.1:\(server.firstLine)", allow: ["/throttled/*"]),
                                      environment: try TestServices.awsEnvironment())
        let values = try resolver.resolve([parameter("T", "/throttled/param")])
        #expect(values.first?.value == "after-throttling")
        let stubborn = try BackgroundServer("python3", [path, "100"])
        let giving = SecretResolver(settings: awsSettings(endpoint: "http://127.0.0.1:\(stubborn.firstLine)", allow: ["/throttled/*"]),
                                    environment: try TestServices.awsEnvironment())
        #expect(throws: SecretResolutionFailure.self) { try giving.resolve([parameter("T", "/throttled/param")]) }
    }
}
