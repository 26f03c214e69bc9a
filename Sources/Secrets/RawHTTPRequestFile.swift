/// Reads a raw HTTP request in the format of AWS's SigV4 test suite (`.req` files): a request
/// line, `Name:value` headers (an indented line continues the previous header as another
/// value), a blank line, and the body.
package enum RawHTTPRequestFile {
    package static func parse(_ text: String) throws -> SigningInput {
        // "\r\n" is a single Character in Swift: split on any line break, not on "\n".
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        guard let requestLine = lines.first, !requestLine.isEmpty else {
            throw RequestFileError(line: 1, message: "the file is empty; it should start with a request line such as 'GET / HTTP/1.1'")
        }
        lines.removeFirst()
        let words = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count >= 3, let method = words.first, let protocolWord = words.last, protocolWord.hasPrefix("HTTP/") else {
            throw RequestFileError(line: 1, message: "expected 'METHOD PATH HTTP/1.1', found '\(requestLine)'")
        }
        let path = words.dropFirst().dropLast().joined(separator: " ")
        var headers: [SigningInput.Header] = []
        var lineNumber = 1
        while let line = lines.first {
            lines.removeFirst()
            lineNumber += 1
            if line.isEmpty { break }
            if line.first == " " || line.first == "\t" {
                guard !headers.isEmpty else {
                    throw RequestFileError(line: lineNumber, message: "a continuation line comes before any header")
                }
                // Obsolete line folding (RFC 7230 3.2.4): the line extends the previous header's
                // value, joined with one space (a repeated header name is joined with a comma).
                let last = headers.removeLast()
                headers.append(.init(last.name, last.value + " " + line.trimmingWhitespace()))
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw RequestFileError(line: lineNumber, message: "expected 'Name:value', found '\(line)'")
            }
            headers.append(.init(String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingWhitespace()))
        }
        let body = lines.joined(separator: "\n")
        return SigningInput(method: String(method), path: path, headers: headers, body: Array(body.utf8))
    }
}

/// A request file that cannot be read, with the line at fault.
package struct RequestFileError: Error, CustomStringConvertible {
    package let line: Int
    package let message: String
    package var description: String { "line \(line): \(message)" }
}
