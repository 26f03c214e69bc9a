import ArgumentParser
import Platform
import Secrets

struct AWSSign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a raw HTTP request file (AWS SigV4 test-suite format) and print every step.",
        discussion: "Credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.")

    @Option(help: "The request file: request line, headers, blank line, body.")
    var request: String

    @Option(help: "The service, e.g. ssm, secretsmanager, s3.")
    var service: String

    @Option(help: "The region, e.g. us-east-1.")
    var region: String

    @Option(help: "The signing time as YYYYMMDDTHHMMSSZ (default: the request's X-Amz-Date, else now).")
    var date: String?

    func validate() throws {
        if let date, date.count != 16 || !date.hasSuffix("Z") || date.dropFirst(8).first != "T" {
            throw ValidationError("--date must look like 20150830T123600Z")
        }
    }

    func run() throws {
        let environment = ProcessEnvironment.current()
        guard let key = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"] else {
            throw ValidationError("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)")
        }
        let input: SigningInput
        do {
            input = try RawHTTPRequestFile.parse(try readTextFile(request))
        } catch let error as RequestFileError {
            throw ValidationError("\(request):\(error.line): \(error.message)")
        }
        let timestamp = date ?? input.headers.first { $0.name.lowercased() == "x-amz-date" }?.value ?? AWSJSONClient.timestamp()
        let signed = SignatureV4.sign(input, credentials: AWSCredentials(accessKeyId: key, secretAccessKey: secret,
                                                                         sessionToken: environment["AWS_SESSION_TOKEN"]),
                                      region: region, service: service, timestamp: timestamp)
        say("# canonical request")
        say(signed.canonicalRequest)
        say("")
        say("# string to sign")
        say(signed.stringToSign)
        say("")
        say("Authorization: \(signed.authorization)")
    }
}
