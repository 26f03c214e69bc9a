import SlipwayModel

/// Where a build's commands run (`build.isolation`).
package enum IsolationMode: String, Sendable, CaseIterable {
    /// A bubblewrap sandbox per build: the host's tools read-only, its own checkout, nothing of the server.
    case sandbox
    /// A container from `build.image` on the configured engine (CodeBuild's environment image).
    case container
    /// On the host, as the server's user: what a build can read, it can publish.
    case none
}

/// How one branch's builds are isolated.
package struct BuildPolicy: Sendable, Equatable {
    package var isolation: IsolationMode = .sandbox
    /// False: the build gets a network namespace of its own, with loopback only.
    package var network = true
    /// Give the build the container engine (CodeBuild's privileged mode), for `docker build` in a buildspec.
    package var privileged = false
    /// The container image builds run in (implies `isolation: container`).
    package var image: String?

    package init() {}
}

/// The `build:` section: isolation, network and privileges, with per-branch overrides.
package struct BuildSettings: Sendable {
    package var defaultPolicy = BuildPolicy()
    /// Branch patterns and their policy; the first match wins.
    package var overrides: [(pattern: String, policy: BuildPolicy)] = []

    package init() {}

    /// The policy for a branch (or tag) name.
    package func policy(forBranch branch: String) -> BuildPolicy {
        overrides.first { GlobPattern($0.pattern).matches(branch) }?.policy ?? defaultPolicy
    }
}
