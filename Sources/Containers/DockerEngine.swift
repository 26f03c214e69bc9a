import Foundation
import HTTP

/// The Docker Engine API over its unix socket (the same API Podman serves): JSON requests
/// through the system's libcurl, one short connection each. Only what build containers need:
/// inspect and pull an image, create, start, signal, inspect and remove a container.
package struct DockerEngine: Sendable {
    /// The engine's unix socket.
    package let socket: String

    package init(socket: String) {
        self.socket = socket
    }

    /// One answer of the engine: the status and the decoded JSON body (nil when empty or not JSON).
    struct Answer {
        let status: Int
        let body: [UInt8]
        var json: Any? { body.isEmpty ? nil : try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
        /// The engine's own words for a failure (`{"message": ...}`).
        var message: String {
            (json as? [String: Any])?["message"] as? String ?? String(decoding: body.prefix(500), as: UTF8.self)
        }
    }

    /// Performs one request; throws `EngineError.unreachable` when no answer came.
    func call(_ method: String, _ path: String, body: [String: Any]? = nil, timeoutMilliseconds: Int = 30_000) throws -> Answer {
        var request = HTTPRequest(method: method, url: "http://engine" + path, timeoutMilliseconds: timeoutMilliseconds,
                                  connectTimeoutMilliseconds: 3_000)
        request.unixSocket = socket
        if let body {
            request.body = Array(try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))
            request.headers = [("Content-Type", "application/json")]
        }
        do {
            let response = try HTTPClient.perform(request)
            return Answer(status: response.status, body: response.body)
        } catch let error as HTTPTransportError {
            throw EngineError.unreachable(socket: socket, reason: error.reason)
        }
    }

    /// Removes every container (running or not) that carries `label` (`name=value`): what a
    /// worker that died between creating and starting its build's container left behind.
    package func removeContainers(labelled label: String) {
        let filters = "{\"label\":[\"\(label)\"]}"
        guard let listed = try? call("GET", "/containers/json?all=1&filters=\(Self.query(filters))", timeoutMilliseconds: 10_000),
              let containers = listed.json as? [[String: Any]] else { return }
        for id in containers.compactMap({ $0["Id"] as? String }) {
            _ = try? call("DELETE", "/containers/\(id)?force=true&v=true", timeoutMilliseconds: 30_000)
        }
    }

    /// Percent-encodes a query value.
    static func query(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}

/// What went wrong with the container engine, with what to do about it.
package enum EngineError: Error, CustomStringConvertible, Equatable {
    case unreachable(socket: String, reason: String)
    case notUnixSocket(String)
    case noSuchImage(image: String, pull: String)
    case refused(action: String, status: Int, message: String)

    package var description: String {
        switch self {
        case .unreachable(let socket, let reason):
            return "the container engine at unix://\(socket) is not reachable (\(reason)): start it, or point `images.engine-host` "
                + "in slipway.yml (or DOCKER_HOST) at its socket, or build without a container (`build.isolation: sandbox`)"
        case .notUnixSocket(let address):
            return "build containers need the engine's unix socket, and the engine is configured at \(address): "
                + "set `images.engine-host: unix:///var/run/docker.sock` (or the engine's socket) in slipway.yml"
        case .noSuchImage(let image, let pull):
            return "the image \(image) (build.image) is not on the container engine and could not be pulled (\(pull)): "
                + "pull or build it on this host first (`docker pull \(image)`), or fix build.image in slipway.yml"
        case .refused(let action, let status, let message):
            return "the container engine refused to \(action) (HTTP \(status)): \(message)"
        }
    }
}
