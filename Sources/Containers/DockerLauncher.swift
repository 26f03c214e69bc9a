import Foundation
import Runner
#if canImport(Glibc)
import Glibc
#endif

/// Starts one container per build from `build.image` on a Docker-API engine: the build's
/// directories bound at the same paths, the server's object store read-only, no other host
/// path; the engine's default confinement (cgroup, capabilities, seccomp, AppArmor); the
/// container removed by the engine once its agent exits.
package struct DockerLauncher: ContainerLauncher {
    package let engine: DockerEngine
    package let image: String
    /// False: the container gets no network but its loopback (`build.network: false`).
    package var network = true
    /// Host paths bound read-only at the same path (the served repository's objects).
    package var readOnly: [String] = []
    /// The engine socket given to a privileged build, bound at /var/run/docker.sock.
    package var engineSocket: String?

    /// Where a privileged build finds the engine inside its container.
    package static let socketInContainer = "/var/run/docker.sock"

    package init(engine: DockerEngine, image: String) {
        self.engine = engine
        self.image = image
    }

    package func launch(_ launch: ContainerLaunch) throws -> any BuildContainer {
        try ensureImage()
        var mounts = launch.binds.map { ["Type": "bind", "Source": $0.path, "Target": $0.path, "ReadOnly": $0.readOnly] as [String: Any] }
        mounts += readOnly.map { ["Type": "bind", "Source": $0, "Target": $0, "ReadOnly": true] }
        var host: [String: Any] = ["AutoRemove": true, "NetworkMode": network ? "default" : "none"]
        if let engineSocket {
            mounts.append(["Type": "bind", "Source": engineSocket, "Target": Self.socketInContainer, "ReadOnly": false])
            // A `run-as` user reaches the socket through its group, as a member of the host's docker group would.
            var info = stat()
            if stat(engineSocket, &info) == 0 { host["GroupAdd"] = [String(info.st_gid)] }
        }
        host["Mounts"] = mounts
        let body: [String: Any] = [
            "Image": image, "Entrypoint": launch.command, "Cmd": [String](), "Env": [String](), "User": launch.user ?? "",
            "WorkingDir": "/", "Labels": launch.labels, "HostConfig": host,
        ]
        let name = "slipway-" + String((launch.labels["slipway.run"] ?? "build").map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
        let created = try engine.call("POST", "/containers/create?name=\(DockerEngine.query(name))", body: body)
        guard created.status == 201, let id = (created.json as? [String: Any])?["Id"] as? String else {
            throw EngineError.refused(action: "create the build container from \(image)", status: created.status, message: created.message)
        }
        let container = DockerContainer(engine: engine, id: id)
        let started = try engine.call("POST", "/containers/\(id)/start")
        guard started.status == 204 || started.status == 304 else {
            container.remove()
            throw EngineError.refused(action: "start the build container from \(image)", status: started.status, message: started.message)
        }
        return container
    }

    /// Makes sure the engine has the image, pulling it when it does not.
    private func ensureImage() throws {
        let inspected = try engine.call("GET", "/images/\(image)/json")
        if inspected.status == 200 { return }
        guard inspected.status == 404 else {
            throw EngineError.refused(action: "look up the image \(image)", status: inspected.status, message: inspected.message)
        }
        let lastPart = image.split(separator: "/").last ?? ""
        let tagged = image.contains("@") || lastPart.contains(":")
        let pulled = try engine.call("POST", "/images/create?fromImage=\(DockerEngine.query(image))" + (tagged ? "" : "&tag=latest"),
                                     timeoutMilliseconds: 30 * 60_000)
        // A pull answers 200 and streams progress; a failure is the stream's last `error`.
        let lines = String(decoding: pulled.body, as: UTF8.self).split(separator: "\n")
        let failure = lines.compactMap { line -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["error"] as? String ?? object?["message"] as? String
        }.last
        if pulled.status != 200 || failure != nil {
            throw EngineError.noSuchImage(image: image, pull: failure ?? pulled.message)
        }
    }
}

/// One build container on a Docker-API engine.
final class DockerContainer: BuildContainer {
    let engine: DockerEngine
    let id: String

    init(engine: DockerEngine, id: String) {
        self.engine = engine
        self.id = id
    }

    func signal(_ name: String) {
        _ = try? engine.call("POST", "/containers/\(id)/kill?signal=\(name)", timeoutMilliseconds: 10_000)
    }

    func endState() -> String? {
        guard let answer = try? engine.call("GET", "/containers/\(id)/json", timeoutMilliseconds: 10_000) else {
            return "the container engine stopped answering"
        }
        if answer.status == 404 { return "the container is gone (removed from the engine)" }
        guard let state = (answer.json as? [String: Any])?["State"] as? [String: Any], state["Running"] as? Bool == false else {
            return nil
        }
        var words = "the container exited with code \(state["ExitCode"] as? Int ?? -1)"
        if state["OOMKilled"] as? Bool == true { words += ", killed for lack of memory" }
        if let error = state["Error"] as? String, !error.isEmpty { words += ": \(error)" }
        return words
    }

    func remove() {
        _ = try? engine.call("DELETE", "/containers/\(id)?force=true&v=true", timeoutMilliseconds: 30_000)
    }
}
