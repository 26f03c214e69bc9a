import Crypto
import Platform

/// AWS credentials: an access key pair and, for temporary credentials, a session token.
package struct AWSCredentials: Sendable, Equatable {
    package let accessKeyId: String
    package let secretAccessKey: String
    package let sessionToken: String?

    package init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

/// A request to sign: method, path (with its query), headers in order, body.
package struct SigningInput: Sendable, Equatable {
    package var method: String
    package var path: String
    package var headers: [Header]
    package var body: [UInt8]

    package struct Header: Sendable, Equatable {
        package var name: String
        package var value: String

        package init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    package init(method: String, path: String, headers: [Header], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }
}

/// Every intermediate of a signature, as the SigV4 test suite publishes them.
package struct SigningResult: Sendable, Equatable {
    package let canonicalRequest: String
    package let stringToSign: String
    package let signedHeaders: String
    package let signature: String
    package let authorization: String
    /// The headers to send: the input's, plus X-Amz-Date and X-Amz-Security-Token when they were added.
    package let headers: [SigningInput.Header]
}

/// AWS Signature Version 4, written from AWS's specification and checked against its test suite.
package enum SignatureV4 {
    /// Signs `input` for `service` in `region` at `timestamp` (YYYYMMDDTHHMMSSZ). Adds an
    /// X-Amz-Date header when the input has none, and X-Amz-Security-Token (signed) for
    /// temporary credentials.
    package static func sign(_ input: SigningInput, credentials: AWSCredentials, region: String, service: String,
                             timestamp: String) -> SigningResult {
        var headers = input.headers
        if !headers.contains(where: { $0.name.lowercased() == "x-amz-date" }) {
            headers.append(.init("X-Amz-Date", timestamp))
        }
        if let token = credentials.sessionToken, !headers.contains(where: { $0.name.lowercased() == "x-amz-security-token" }) {
            headers.append(.init("X-Amz-Security-Token", token))
        }
        let (path, query) = splitPathAndQuery(input.path)
        let canonicalHeaders = canonicalHeaderList(headers)
        let signedHeaders = canonicalHeaders.map(\.name).joined(separator: ";")
        let canonicalRequest = [
            input.method.uppercased(),
            canonicalURI(path, normalize: service != "s3"),
            canonicalQuery(query),
            canonicalHeaders.map { "\($0.name):\($0.value)\n" }.joined(),
            signedHeaders,
            hexDigits(SHA256.hash(data: input.body)),
        ].joined(separator: "\n")
        let date = String(timestamp.prefix(8))
        let scope = "\(date)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", timestamp, scope, hexDigits(SHA256.hash(data: Array(canonicalRequest.utf8)))]
            .joined(separator: "\n")
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [date, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        let signature = hexDigits(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        return SigningResult(canonicalRequest: canonicalRequest, stringToSign: stringToSign, signedHeaders: signedHeaders,
                             signature: signature, authorization: authorization, headers: headers)
    }

    static func splitPathAndQuery(_ path: String) -> (String, String) {
        guard let mark = path.firstIndex(of: "?") else { return (path, "") }
        return (String(path[..<mark]), String(path[path.index(after: mark)...]))
    }

    /// The URI path, each segment decoded then encoded once; for services other than S3, dot
    /// segments are resolved and empty segments dropped ("//example//" → "/example/").
    static func canonicalURI(_ path: String, normalize: Bool) -> String {
        let raw = path.isEmpty ? "/" : path
        guard normalize else {
            return raw.split(separator: "/", omittingEmptySubsequences: false)
                .map { uriEncode(percentDecoded(String($0))) }.joined(separator: "/")
        }
        var segments: [String] = []
        for segment in raw.split(separator: "/", omittingEmptySubsequences: true) {
            let decoded = percentDecoded(String(segment))
            if decoded == "." { continue }
            if decoded == ".." { _ = segments.popLast(); continue }
            segments.append(decoded)
        }
        let lastSegment = raw.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init)
        let trailingSlash = raw.hasSuffix("/") && !segments.isEmpty && lastSegment != ".." && lastSegment != "."
        return "/" + segments.map(uriEncode).joined(separator: "/") + (trailingSlash ? "/" : "")
    }

    /// Query parameters encoded, then sorted by name and value.
    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: true).map { parameter -> (String, String) in
            let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = uriEncode(percentDecoded(String(parts[0])))
            let value = parts.count > 1 ? uriEncode(percentDecoded(String(parts[1]))) : ""
            return (name, value)
        }
        return pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// Lower-case names, sorted; values trimmed with inner runs of spaces collapsed; repeated
    /// headers joined with commas in their original order.
    static func canonicalHeaderList(_ headers: [SigningInput.Header]) -> [(name: String, value: String)] {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for header in headers {
            let name = header.name.lowercased()
            if values[name] == nil { order.append(name) }
            let collapsed = header.value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            values[name, default: []].append(collapsed.trimmingWhitespace())
        }
        return order.sorted().map { ($0, values[$0, default: []].joined(separator: ",")) }
    }

    /// RFC 3986 encoding: everything but A-Z a-z 0-9 - . _ ~ becomes %XX (upper-case hex).
    static func uriEncode(_ text: String) -> String {
        let hexDigits = Array("0123456789ABCDEF")
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 0x0F)])
            }
        }
        return output
    }

    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
               let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
