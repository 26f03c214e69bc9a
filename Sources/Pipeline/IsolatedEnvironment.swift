/// The host environment an isolated build starts from: only what describes the machine's
/// locale, time zone and proxies. Everything else of the server's (AWS_* credentials,
/// DOCKER_HOST, SSH_AUTH_SOCK, the server's HOME and SLIPWAY_*) stays outside, as a CodeBuild
/// build sees only its image's environment.
package enum IsolatedEnvironment {
    static let kept: Set<String> = ["PATH", "LANG", "LANGUAGE", "TZ", "TERM", "http_proxy", "https_proxy", "no_proxy",
                                    "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"]

    /// The filtered host variables with the build's private HOME (and DOCKER_CONFIG in it), and
    /// DOCKER_HOST only when the build is given the engine.
    package static func host(from environment: [String: String], home: String, engineSocket: String?) -> [String: String] {
        var result = environment.filter { kept.contains($0.key) || $0.key.hasPrefix("LC_") }
        result["HOME"] = home
        result["DOCKER_CONFIG"] = home + "/.docker"
        if let engineSocket { result["DOCKER_HOST"] = "unix://" + engineSocket }
        return result
    }

    /// A container build starts from its image's environment (the agent saves it): nothing of
    /// this host's, only DOCKER_HOST when the build is given the engine.
    package static func container(engineSocket: String?) -> [String: String] {
        engineSocket.map { ["DOCKER_HOST": "unix://" + $0] } ?? [:]
    }
}
