import Crypto
import Foundation
import HTTP
import Platform
import Secrets

/// Puts a file into S3 with Slipway's own SigV4 signer (path-style URLs, so moto and other
/// S3-compatible stores work): one PUT up to `multipartThreshold`, a multipart upload of
/// `partSize` parts above it, read a part at a time; each request is an `AWSSignedSender`'s
/// (throttling and 5xx retried with backoff).
package struct S3Uploader: Sendable {
    package let environment: AWSEnvironment
    package let endpoint: String
    package var multipartThreshold: Int64 = 64 << 20
    package var partSize = 16 << 20
    package var maxAttempts = 5

    package init(environment: AWSEnvironment, endpoint: String?) {
        self.environment = environment
        self.endpoint = (endpoint ?? "https://s3.\(environment.region).amazonaws.com").trimmingSuffix("/")
    }

    /// Uploads `path` as `bucket/key`; returns the `s3://` location.
    @discardableResult
    package func upload(_ path: String, bucket: String, key: String) throws -> String {
        let file = try FileDescriptor.open(path, flags: O_RDONLY)
        var info = stat()
        guard fstat(file.raw, &info) == 0 else { throw SystemError("stat", path) }
        let objectPath = "/\(bucket)/" + key.split(separator: "/").map { Self.encode(String($0)) }.joined(separator: "/")
        if Int64(info.st_size) <= multipartThreshold {
            _ = try send("PUT", objectPath, body: try read(file, at: 0, count: Int(info.st_size), name: path))
            return "s3://\(bucket)/\(key)"
        }
        let started = try send("POST", objectPath + "?uploads", body: [])
        guard let uploadId = AWSJSONClient.xmlElement("UploadId", in: started.text) else {
            throw AWSError.malformedResponse("S3 CreateMultipartUpload answered without an UploadId")
        }
        var parts: [String] = []
        var offset: Int64 = 0
        do {
            while offset < Int64(info.st_size) {
                let count = Int(min(Int64(partSize), Int64(info.st_size) - offset))
                let answer = try send("PUT", objectPath + "?partNumber=\(parts.count + 1)&uploadId=\(Self.encode(uploadId))",
                                      body: try read(file, at: offset, count: count, name: path))
                parts.append(answer.header("ETag") ?? "")
                offset += Int64(count)
            }
            let list = parts.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\($0.element)</ETag></Part>" }.joined()
            _ = try send("POST", objectPath + "?uploadId=\(Self.encode(uploadId))",
                         body: Array("<CompleteMultipartUpload>\(list)</CompleteMultipartUpload>".utf8))
        } catch {
            _ = try? send("DELETE", objectPath + "?uploadId=\(Self.encode(uploadId))", body: [])
            throw error
        }
        return "s3://\(bucket)/\(key)"
    }

    private func send(_ method: String, _ path: String, body: [UInt8]) throws -> HTTPResponse {
        var sender = AWSSignedSender(service: "s3", endpoint: endpoint, environment: environment)
        sender.maxAttempts = maxAttempts
        return try sender.send(method, path: path, headers: [
            .init("X-Amz-Content-Sha256", hexDigits(SHA256.hash(data: body))),
            // Without a type of its own, curl calls a POST body a form, and some servers then read it as one.
            .init("Content-Type", path.contains("?upload") && method == "POST" ? "application/xml" : "application/octet-stream"),
        ], body: body, timeoutMilliseconds: 300_000)
    }

    private func read(_ file: FileDescriptor, at offset: Int64, count: Int, name: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return pread(file.raw, base + done, count - done, off_t(offset) + off_t(done))
            }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw SystemError("read", name) }
            done += got
        }
        return bytes
    }

    /// RFC 3986 unreserved characters stay; everything else is percent-encoded (S3's rule for keys).
    static func encode(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
