import HTTP
import Platform

/// Sends one SigV4-signed request to an AWS endpoint, the way every Slipway AWS client does:
/// signed with the Host header (sent by curl, not twice), throttling and 5xx answers retried
/// with exponential backoff and jitter, a transport failure retried twice. Returns the first 2xx
/// answer; throws `AWSError` otherwise.
package struct AWSSignedSender: Sendable {
    package let service: String
    package let endpoint: String
    package let environment: AWSEnvironment
    package var maxAttempts = 5
    package var baseDelayMilliseconds = 100

    package init(service: String, endpoint: String, environment: AWSEnvironment) {
        self.service = service
        self.endpoint = endpoint
        self.environment = environment
    }

    /// `path` is the request path with its query; `headers` come besides Host and the signature's.
    package func send(_ method: String, path: String, headers: [SigningInput.Header], body: [UInt8],
                      timeoutMilliseconds: Int = 20_000) throws -> HTTPResponse {
        var lastTransportError = ""
        var lastThrottle = ""
        for attempt in 1...maxAttempts {
            if attempt > 1 {
                let backoff = baseDelayMilliseconds << (attempt - 2)
                Clock.sleep(milliseconds: backoff + Int.random(in: 0...(backoff / 2)))
            }
            let response: HTTPResponse
            do {
                response = try HTTPClient.perform(signed(method, path: path, headers: headers, body: body,
                                                         timeoutMilliseconds: timeoutMilliseconds))
            } catch let error as HTTPTransportError {
                lastTransportError = error.reason
                if attempt >= min(maxAttempts, 3) {
                    throw AWSError.unreachable(endpoint: endpoint, reason: lastTransportError, attempts: attempt)
                }
                continue
            }
            if (200..<300).contains(response.status) { return response }
            let (code, message) = AWSJSONClient.errorDetails(response)
            if AWSJSONClient.isRetryable(code: code, status: response.status) {
                lastThrottle = code
                continue
            }
            throw AWSError.service(code: code, message: message, status: response.status)
        }
        if !lastThrottle.isEmpty { throw AWSError.throttled(code: lastThrottle, attempts: maxAttempts) }
        throw AWSError.unreachable(endpoint: endpoint, reason: lastTransportError, attempts: maxAttempts)
    }

    private func signed(_ method: String, path: String, headers: [SigningInput.Header], body: [UInt8],
                        timeoutMilliseconds: Int) -> HTTPRequest {
        let input = SigningInput(method: method, path: path, headers: [.init("Host", AWSJSONClient.host(of: endpoint))] + headers,
                                 body: body)
        let signature = SignatureV4.sign(input, credentials: environment.credentials, region: environment.region,
                                         service: service, timestamp: AWSJSONClient.timestamp())
        var sent = signature.headers.filter { $0.name.lowercased() != "host" }.map { (name: $0.name, value: $0.value) }
        sent.append((name: "Authorization", value: signature.authorization))
        return HTTPRequest(method: method, url: endpoint + path, headers: sent, body: body, timeoutMilliseconds: timeoutMilliseconds)
    }
}
