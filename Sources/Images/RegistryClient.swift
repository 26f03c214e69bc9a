import Foundation
import HTTP

/// Reads manifests from a registry's HTTP API (`/v2/<repository>/manifests/<tag>`), with Basic
/// or Bearer-token authentication as the registry asks (WWW-Authenticate).
package struct RegistryClient {
    let reference: ImageReference
    let insecure: Bool
    let credentials: (user: String, password: String)?

    static let manifestTypes = [
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.index.v1+json",
    ].joined(separator: ", ")

    package init(reference: ImageReference, insecure: Bool, credentials: (user: String, password: String)?) {
        self.reference = reference
        self.insecure = insecure
        self.credentials = credentials
    }

    /// The manifest's digest (Docker-Content-Digest) and the image's compressed size (config and
    /// layers), as the registry serves them for `tag`.
    package func manifest(_ tag: String) throws -> (digest: String, size: Int64?) {
        let url = "\(reference.apiBase(insecure: insecure))/v2/\(reference.repository)/manifests/\(tag)"
        let response = try authorized(HTTPRequest(method: "GET", url: url, headers: [("Accept", Self.manifestTypes)],
                                                  timeoutMilliseconds: 15_000))
        guard response.status == 200 else {
            throw RegistryError(message: "\(url) answered HTTP \(response.status): \(response.text.prefix(200))")
        }
        guard let digest = response.header("Docker-Content-Digest") else {
            throw RegistryError(message: "\(url) gave no Docker-Content-Digest header")
        }
        var size: Int64?
        if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
           let layers = object["layers"] as? [[String: Any]] {
            let config = (object["config"] as? [String: Any])?["size"] as? Int64 ?? 0
            size = layers.reduce(config) { $0 + (($1["size"] as? NSNumber)?.int64Value ?? 0) }
        }
        return (digest, size)
    }

    private func authorized(_ request: HTTPRequest) throws -> HTTPResponse {
        let first = try HTTPClient.perform(request)
        guard first.status == 401, let challenge = first.header("WWW-Authenticate") else { return first }
        var retry = request
        if challenge.lowercased().hasPrefix("basic") {
            guard let credentials else {
                throw RegistryError(message: "\(reference.registry) needs credentials; add a docker.registries entry with username and password-secret")
            }
            retry.headers.append(("Authorization", "Basic " + Data("\(credentials.user):\(credentials.password)".utf8).base64EncodedString()))
        } else if challenge.lowercased().hasPrefix("bearer") {
            retry.headers.append(("Authorization", "Bearer " + (try token(for: challenge))))
        }
        return try HTTPClient.perform(retry)
    }

    private func token(for challenge: String) throws -> String {
        var parameters: [String: String] = [:]
        for part in challenge.dropFirst("Bearer ".count).split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            parameters[pair[0].trimmingCharacters(in: .whitespaces)] = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        }
        guard let realm = parameters["realm"] else { throw RegistryError(message: "the registry's Bearer challenge has no realm") }
        var query: [String] = []
        for key in ["service", "scope"] {
            if let value = parameters[key], let encoded = value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) {
                query.append("\(key)=\(encoded)")
            }
        }
        var request = HTTPRequest(method: "GET", url: realm + (query.isEmpty ? "" : "?" + query.joined(separator: "&")),
                                  timeoutMilliseconds: 15_000)
        if let credentials {
            request.headers.append(("Authorization", "Basic " + Data("\(credentials.user):\(credentials.password)".utf8).base64EncodedString()))
        }
        let response = try HTTPClient.perform(request)
        guard response.status == 200, let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let token = (object["token"] as? String) ?? (object["access_token"] as? String) else {
            throw RegistryError(message: "the registry's token service \(realm) answered HTTP \(response.status)")
        }
        return token
    }
}

/// The registry's API could not confirm a push.
package struct RegistryError: Error, CustomStringConvertible {
    package let message: String
    package var description: String { message }
}
