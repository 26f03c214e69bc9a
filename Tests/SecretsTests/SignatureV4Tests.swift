import Foundation
import Platform
@testable import Secrets
import TestSupport
import Testing

/// AWS's published SigV4 test-suite cases (Fixtures/sigv4-suite.json).
struct SigV4Suite: Decodable {
    struct Case: Decodable, CustomTestStringConvertible {
        let name, req, creq, sts, authz: String
        let token: Bool
        var testDescription: String { name }
    }

    let accessKeyId, secretAccessKey, sessionToken, region, service: String
    let cases: [Case]

    static let fixtureDirectory: String = {
        var path = #filePath
        while !path.hasSuffix("/SecretsTests") { path = parentDirectory(path) }
        return path + "/Fixtures"
    }()

    static func load() throws -> SigV4Suite {
        try JSONDecoder().decode(SigV4Suite.self, from: Data(try readWholeFile(fixtureDirectory + "/sigv4-suite.json")))
    }
}

@Suite("SigV4 signer, checked against AWS's test suite")
struct SignatureV4Tests {
    @Test("every step matches the published vectors", arguments: try SigV4Suite.load().cases)
    func suiteCase(_ testCase: SigV4Suite.Case) throws {
        let suite = try SigV4Suite.load()
        let input = try RawHTTPRequestFile.parse(testCase.req)
        let credentials = AWSCredentials(accessKeyId: suite.accessKeyId, secretAccessKey: suite.secretAccessKey,
                                         sessionToken: testCase.token ? suite.sessionToken : nil)
        let signed = SignatureV4.sign(input, credentials: credentials, region: suite.region, service: suite.service,
                                      timestamp: "20150830T123600Z")
        #expect(signed.canonicalRequest == testCase.creq)
        #expect(signed.stringToSign == testCase.sts)
        #expect(signed.authorization == testCase.authz)
    }

    @Test("S3 paths are neither normalized nor collapsed")
    func s3Paths() {
        #expect(SignatureV4.canonicalURI("//example//", normalize: false) == "//example//")
        #expect(SignatureV4.canonicalURI("/a b/./c", normalize: false) == "/a%20b/./c")
        #expect(SignatureV4.canonicalURI("/a/../b", normalize: true) == "/b")
    }

    @Test("`slipway aws sign` prints the canonical request, the string to sign and the Authorization line")
    func signCommand() throws {
        let suite = try SigV4Suite.load()
        let vanilla = try #require(suite.cases.first { $0.name == "get-vanilla-query-order-key-case" })
        let scratch = ScratchDirectory("awssign")
        let file = try scratch.write("request.req", vanilla.req)
        let result = try SlipwayBinaries.run(["aws", "sign", "--request", file, "--service", "service", "--region", "us-east-1"],
                                             environment: ["AWS_ACCESS_KEY_ID": suite.accessKeyId,
                                                           "AWS_SECRET_ACCESS_KEY": suite.secretAccessKey])
        #expect(result.succeeded)
        #expect(result.outputText == "# canonical request\n\(vanilla.creq)\n\n# string to sign\n\(vanilla.sts)\n\nAuthorization: \(vanilla.authz)")
        let missing = try SlipwayBinaries.run(["aws", "sign", "--request", file, "--service", "s", "--region", "r"],
                                              environment: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""])
        #expect(!missing.succeeded || missing.outputText.contains("Authorization"))
    }

    @Test("a malformed request file names the line")
    func malformedFile() {
        #expect(throws: RequestFileError.self) { try RawHTTPRequestFile.parse("GET /\nHost: x\n") }
        do {
            _ = try RawHTTPRequestFile.parse("GET / HTTP/1.1\nHost example.com\n")
            Issue.record("expected an error")
        } catch let error as RequestFileError {
            #expect(error.line == 2)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
