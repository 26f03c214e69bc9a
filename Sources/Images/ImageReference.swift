/// An image name split the way registries see it: `127.0.0.1:5000/team/app` is registry
/// `127.0.0.1:5000` and repository `team/app`; `team/app` and `app` live on Docker Hub.
package struct ImageReference: Sendable, Equatable {
    /// host[:port] as written in the name (docker.io for Docker Hub).
    package let registry: String
    /// The repository path inside the registry.
    package let repository: String
    /// The name as written (without tag), as the engine's CLI takes it.
    package let name: String

    /// Parses and validates a name (no tag); the error says what is wrong with it.
    package init(parsing name: String) throws {
        guard !name.isEmpty else { throw ImageNameError(name: name, reason: "it is empty") }
        guard !name.contains("@") && !name.hasSuffix(":") else {
            throw ImageNameError(name: name, reason: "give a name without a tag or digest; tags come from 'tags:'")
        }
        var parts = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 1, let first = parts.first, first.contains(".") || first.contains(":") || first == "localhost" {
            registry = first
            parts.removeFirst()
        } else {
            registry = "docker.io"
            if parts.count == 1 { parts.insert("library", at: 0) }
        }
        if let last = parts.last, last.contains(":") {
            throw ImageNameError(name: name, reason: "'\(last)' has a tag; tags come from 'tags:' in slipway.yml")
        }
        for part in parts where !Self.isValidComponent(part) {
            throw ImageNameError(name: name, reason: "'\(part)' is not a valid repository component (lowercase letters, digits, and . _ - between them)")
        }
        repository = parts.joined(separator: "/")
        self.name = name
    }

    /// A name taken as it is, for previews of names still holding ${VARIABLES}.
    init(unchecked name: String) {
        let first = name.split(separator: "/").first.map(String.init) ?? name
        registry = first.contains(".") || first.contains(":") ? first : "docker.io"
        repository = name
        self.name = name
    }

    /// The base URL of the registry's HTTP API.
    package func apiBase(insecure: Bool) -> String {
        let host = registry == "docker.io" ? "registry-1.docker.io" : registry
        let local = host.hasPrefix("localhost") || host.hasPrefix("127.") || host.hasPrefix("[::1]")
        return (insecure || local ? "http://" : "https://") + host
    }

    static func isValidComponent(_ part: String) -> Bool {
        guard let first = part.unicodeScalars.first, let last = part.unicodeScalars.last,
              isLowerAlphanumeric(first), isLowerAlphanumeric(last) else { return false }
        var previousSeparator = false
        for scalar in part.unicodeScalars {
            if isLowerAlphanumeric(scalar) {
                previousSeparator = false
            } else if scalar == "." || scalar == "_" || scalar == "-" {
                // Docker allows one '.', one or two '_', or any number of '-' between parts.
                if previousSeparator && scalar == "." { return false }
                previousSeparator = true
            } else {
                return false
            }
        }
        return true
    }

    private static func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}

/// An image name that cannot be used.
package struct ImageNameError: Error, CustomStringConvertible, Equatable {
    package let name: String
    package let reason: String
    package var description: String { "image name '\(name)' cannot be used: \(reason)" }
}
