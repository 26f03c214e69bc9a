import Foundation
import HTTP
import Platform

/// Calls an AWS service that speaks the JSON 1.1 protocol (SSM, Secrets Manager): a signed
/// POST with an X-Amz-Target header. Throttling and server errors are retried with exponential
/// backoff and jitter; every attempt has a connect and a total timeout, so a call never hangs.
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
        var lastTransportError = ""
        var lastThrottle = ""
        for attempt in 1...maxAttempts {
            if attempt > 1 {
                let backoff = baseDelayMilliseconds << (attempt - 2)
                Clock.sleep(milliseconds: backoff + Int.random(in: 0...(backoff / 2)))
            }
            let response: HTTPResponse
            do {
                response = try HTTPClient.perform(signedRequest(action, body: Array(payload)))
            } catch let error as HTTPTransportError {
                lastTransportError = error.reason
                if attempt >= min(maxAttempts, 3) {
                    throw AWSError.unreachable(endpoint: endpoint, reason: lastTransportError, attempts: attempt)
                }
                continue
            }
            if response.status == 200 {
                guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
                    throw AWSError.malformedResponse("\(action) answered 200 with a body that is not a JSON object")
                }
                return object
            }
            let (code, message) = Self.errorDetails(response)
            if Self.isRetryable(code: code, status: response.status) {
                lastThrottle = code
                continue
            }
            throw AWSError.service(code: code, message: message, status: response.status)
        }
        if !lastThrottle.isEmpty { throw AWSError.throttled(code: lastThrottle, attempts: maxAttempts) }
        throw AWSError.unreachable(endpoint: endpoint, reason: lastTransportError, attempts: maxAttempts)
    }

    private func signedRequest(_ action: String, body: [UInt8]) -> HTTPRequest {
        let host = Self.host(of: endpoint)
        let input = SigningInput(method: "POST", path: "/", headers: [
            .init("Host", host),
            .init("Content-Type", "application/x-amz-json-1.1"),
            .init("X-Amz-Target", "\(targetPrefix).\(action)"),
        ], body: body)
        let signed = SignatureV4.sign(input, credentials: environment.credentials, region: environment.region,
                                      service: service, timestamp: Self.timestamp())
        var headers = signed.headers.filter { $0.name.lowercased() != "host" }.map { (name: $0.name, value: $0.value) }
        headers.append((name: "Authorization", value: signed.authorization))
        var url = endpoint
        if !url.hasSuffix("/") { url += "/" }
        return HTTPRequest(method: "POST", url: url, headers: headers, body: body)
    }

    /// The error code (the part after '#' in __type) and message of an error answer. Most
    /// answers are JSON; authentication failures may come as XML (<Code>, <Message>).
    package static func errorDetails(_ response: HTTPResponse) -> (String, String) {
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

    package static func isRetryable(code: String, status: Int) -> Bool {
        status >= 500 || status == 429 || ["ThrottlingException", "Throttling", "TooManyRequestsException",
                                           "RequestLimitExceeded", "ProvisionedThroughputExceededException"].contains(code)
    }

    /// host[:port] of a URL.
    package static func host(of url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        return String(rest.prefix { $0 != "/" })
    }

    /// Now, as YYYYMMDDTHHMMSSZ.
    package static func timestamp(_ milliseconds: Int64 = Clock.nowMilliseconds()) -> String {
        Clock.format(milliseconds, "%Y%m%dT%H%M%SZ")
    }
}
