import CSupport

/// An HTTP request.
package struct HTTPRequest: Sendable {
    package var method: String
    package var url: String
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]
    /// Whole exchange, in milliseconds.
    package var timeoutMilliseconds: Int
    /// Connecting alone, in milliseconds.
    package var connectTimeoutMilliseconds: Int
    /// A unix socket to connect to instead of the URL's host (a container engine's API).
    package var unixSocket: String?

    package init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
                 timeoutMilliseconds: Int = 20_000, connectTimeoutMilliseconds: Int = 5_000) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutMilliseconds = timeoutMilliseconds
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
    }
}

/// An HTTP response (the final one, after any interim responses).
package struct HTTPResponse: Sendable {
    package var status: Int
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    /// The first header of that name, case-insensitively.
    package func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body as UTF-8 text.
    package var text: String { String(decoding: body, as: UTF8.self) }
}

/// The exchange did not complete: the host was unreachable, the connection broke, it timed out.
package struct HTTPTransportError: Error, CustomStringConvertible, Equatable {
    package let url: String
    package let reason: String

    package var description: String { "\(url) could not be reached: \(reason)" }
}

/// HTTP and HTTPS through the system's libcurl, loaded only when a request is made.
package enum HTTPClient {
    /// Performs the request; throws `HTTPTransportError` when no response arrived.
    package static func perform(_ request: HTTPRequest) throws -> HTTPResponse {
        let headerLines = request.headers.map { "\($0.name): \($0.value)" }
        var response = slipway_http_response()
        let status: Int32 = withCStrings(headerLines) { headerPointers in
            request.body.withUnsafeBytes { body in
                var raw = slipway_http_request()
                return request.method.withCString { method in
                    request.url.withCString { url in
                        raw.method = method
                        raw.url = url
                        raw.headers = headerPointers
                        raw.header_count = headerLines.count
                        raw.body = request.body.isEmpty && request.method != "POST" && request.method != "PUT" ? nil : body.baseAddress
                        raw.body_length = request.body.count
                        raw.timeout_ms = request.timeoutMilliseconds
                        raw.connect_timeout_ms = request.connectTimeoutMilliseconds
                        raw.no_body = request.method == "HEAD" ? 1 : 0
                        guard let socket = request.unixSocket else { return slipway_http_perform(&raw, &response) }
                        return socket.withCString { path in
                            raw.unix_socket = path
                            return slipway_http_perform(&raw, &response)
                        }
                    }
                }
            }
        }
        defer { slipway_http_response_free(&response) }
        guard status == 0 else {
            let reason = withUnsafeBytes(of: response.error) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw HTTPTransportError(url: request.url, reason: reason)
        }
        let body = response.body.map { Array(UnsafeRawBufferPointer(start: $0, count: response.body_length)) } ?? []
        let headerText = response.headers.map {
            String(decoding: UnsafeRawBufferPointer(start: $0, count: response.headers_length), as: UTF8.self)
        } ?? ""
        return HTTPResponse(status: Int(response.status), headers: finalHeaderBlock(headerText), body: body)
    }

    /// curl reports every header block (100 Continue, redirects); keep the last one.
    static func finalHeaderBlock(_ text: String) -> [(name: String, value: String)] {
        var blocks: [[(String, String)]] = [[]]
        // Header lines end in "\r\n", a single Character in Swift: split on any line break.
        for trimmed in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if trimmed.hasPrefix("HTTP/") {
                blocks.append([])
            } else if let colon = trimmed.firstIndex(of: ":") {
                let name = String(trimmed[..<colon])
                let value = String(trimmed[trimmed.index(after: colon)...].drop { $0 == " " })
                blocks[blocks.count - 1].append((name, value))
            }
        }
        return blocks.last(where: { !$0.isEmpty }) ?? []
    }

    private static func withCStrings<Result>(_ strings: [String],
                                             _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> Result) -> Result {
        let pointers = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: strings.count + 1)
        var owned: [UnsafeMutablePointer<CChar>] = []
        for (index, string) in strings.enumerated() {
            let copy = strdup(string)
            if let copy { owned.append(copy) }
            pointers[index] = UnsafePointer(copy)
        }
        pointers[strings.count] = nil
        defer {
            owned.forEach { free($0) }
            pointers.deallocate()
        }
        return body(UnsafePointer(pointers))
    }
}

#if canImport(Glibc)
import Glibc
#endif
