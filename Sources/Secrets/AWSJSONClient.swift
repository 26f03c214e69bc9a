import Foundation
import HTTP
import Platform

/// Calls an AWS service that speaks the JSON 1.1 protocol (SSM, Secrets Manager): a signed
/// POST with an X-Amz-Target header, sent by `AWSSignedSender` (retries, backoff, timeouts).
package struct AWSJSONClient: Sendable {
    package let service: String
    package let targetPrefix: String
    package let endpoint: String
    package let environment: AWSEnvironment
    package var maxAttempts = 5
    package var baseDelayMilliseconds = 100

    /// `endpoint` overrides https://<service>.<region>.amazonaws.com (tests, AWS-compatible services).
    package init(service: String, targetPrefix: String, environment: AWSEnvironment, endpoint: String?) {
        self.service = service
        self.targetPrefix = targetPrefix
        self.environment = environment
        self.endpoint = endpoint ?? "https://\(service).\(environment.region).amazonaws.com"
    }

    /// Calls `action` with a JSON body; returns the decoded JSON object.
    package func call(_ action: String, _ body: [String: Any]) throws -> [String: Any] {
        let payload = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        var sender = AWSSignedSender(service: service, endpoint: endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint,
                                     environment: environment)
        sender.maxAttempts = maxAttempts
        sender.baseDelayMilliseconds = baseDelayMilliseconds
        let response = try sender.send("POST", path: "/", headers: [
            .init("Content-Type", "application/x-amz-json-1.1"),
            .init("X-Amz-Target", "\(targetPrefix).\(action)"),
        ], body: Array(payload))
        guard response.status == 200,
              let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw AWSError.malformedResponse("\(action) answered \(response.status) with a body that is not a JSON object")
        }
        return object
    }

    /// The error code (the part after '#' in __type) and message of an error answer. Most
    /// answers are JSON; authentication failures may come as XML (<Code>, <Message>).
    static func errorDetails(_ response: HTTPResponse) -> (String, String) {
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        let text = response.text
        var code = (object["__type"] as? String) ?? response.header("x-amzn-ErrorType") ?? xmlElement("Code", in: text)
            ?? (response.status == 403 ? "AccessDenied" : "HTTP\(response.status)")
        if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
        if let colon = code.firstIndex(of: ":") { code = String(code[..<colon]) }
        let message = (object["message"] as? String) ?? (object["Message"] as? String) ?? xmlElement("Message", in: text)
            ?? String(text.prefix(200))
        return (code, message)
    }

    /// The text of the first `<name>` element of an XML answer.
    package static func xmlElement(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex) else {
            return nil
        }
        return String(text[open.upperBound..<close.lowerBound])
    }

    static func isRetryable(code: String, status: Int) -> Bool {
        status >= 500 || status == 429 || ["ThrottlingException", "Throttling", "TooManyRequestsException",
                                           "RequestLimitExceeded", "ProvisionedThroughputExceededException"].contains(code)
    }

    /// host[:port] of a URL.
    static func host(of url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        return String(rest.prefix { $0 != "/" })
    }

    /// Now, as YYYYMMDDTHHMMSSZ.
    package static func timestamp(_ milliseconds: Int64 = Clock.nowMilliseconds()) -> String {
        Clock.format(milliseconds, "%Y%m%dT%H%M%SZ")
    }
}
