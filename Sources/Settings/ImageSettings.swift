/// The `docker:` and `images:` sections: which images each successful build produces.
package struct ImageSettings: Sendable {
    /// The container engine's CLI: "docker", "podman", or a path.
    package var engine = "docker"
    /// DOCKER_HOST for the engine (e.g. unix:///run/user/1000/docker.sock); inherited when nil.
    package var engineHost: String?
    /// Registry credentials, looked up by the registry part of an image name.
    package var registries: [RegistrySettings] = []
    /// Length of the short SHA tag.
    package var shortShaLength = 7
    /// The images, built in order after the build phase succeeds.
    package var images: [ImageDefinition] = []

    package init() {}

    /// The registry settings for an image reference's registry host, if configured.
    package func registry(forHost host: String) -> RegistrySettings? {
        registries.first { $0.address == host }
    }
}

/// One registry Slipway logs in to.
package struct RegistrySettings: Sendable, Equatable {
    /// host[:port], as it appears at the start of image names.
    package var address: String
    package var username: String?
    /// Name of the secret (in the parameter-store provider) that holds the password.
    package var passwordSecret: String?
    /// Talk plain HTTP to its API (Docker allows this for 127.0.0.0/8 without configuration).
    package var insecure: Bool

    package init(address: String, username: String? = nil, passwordSecret: String? = nil, insecure: Bool = false) {
        self.address = address
        self.username = username
        self.passwordSecret = passwordSecret
        self.insecure = insecure
    }
}

/// When the `latest` tag is pushed.
package enum LatestPolicy: String, Sendable, CaseIterable {
    case defaultBranch = "default-branch"
    case always
    case never
}

/// One image: what to build and how to tag it.
package struct ImageDefinition: Sendable, Equatable {
    /// Repository name, may use ${VARIABLES} (e.g. `${DOCKER_REGISTRY_URL}/${DOCKER_USERNAME}/app`).
    package var name: String
    /// Build context, relative to the checkout.
    package var context = "."
    /// Dockerfile, relative to the checkout.
    package var dockerfile = "Dockerfile"
    /// --build-arg values (not secrets: they end up in the image history).
    package var buildArguments: [(name: String, value: String)] = []
    /// --target stage.
    package var target: String?
    /// Tag templates: {sha} {short-sha} {branch} {build-number} {tag} and literal text.
    package var tags: [String] = ["{sha}", "{short-sha}", "{branch}", "{build-number}"]
    /// When `latest` is added.
    package var latest = LatestPolicy.defaultBranch
    /// Line in slipway.yml, for messages.
    package var line = 0

    package init(name: String) {
        self.name = name
    }

    package static func == (lhs: ImageDefinition, rhs: ImageDefinition) -> Bool {
        lhs.name == rhs.name && lhs.context == rhs.context && lhs.dockerfile == rhs.dockerfile
            && lhs.buildArguments.map(\.name) == rhs.buildArguments.map(\.name)
            && lhs.buildArguments.map(\.value) == rhs.buildArguments.map(\.value)
            && lhs.target == rhs.target && lhs.tags == rhs.tags && lhs.latest == rhs.latest
    }
}
