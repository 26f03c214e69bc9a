import Platform

/// The services `make test` starts (scripts/services.sh) and names in the environment.
package enum TestServices {
    /// moto_server's base URL.
    package static func moto() throws -> String {
        try value("SLIPWAY_TEST_MOTO", "moto_server")
    }

    /// The Docker engine (DOCKER_HOST form).
    package static func dockerHost() throws -> String {
        try value("SLIPWAY_TEST_DOCKER_HOST", "the Docker engine")
    }

    /// The plain registry, host:port.
    package static func registry() throws -> String {
        try value("SLIPWAY_TEST_REGISTRY", "the registry")
    }

    /// The registry with htpasswd auth, and its credentials.
    package static func authRegistry() throws -> (address: String, user: String, password: String) {
        (try value("SLIPWAY_TEST_AUTH_REGISTRY", "the auth registry"),
         try value("SLIPWAY_TEST_AUTH_REGISTRY_USER", "the auth registry"),
         try value("SLIPWAY_TEST_AUTH_REGISTRY_PASSWORD", "the auth registry"))
    }

    /// Environment for AWS clients talking to moto: fixed test credentials and region.
    package static func awsEnvironment() throws -> [String: String] {
        ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
         "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": try moto(), "AWS_PAGER": ""]
    }

    /// Runs the real `aws` CLI against moto.
    @discardableResult
    package static func aws(_ arguments: [String]) throws -> String {
        let result = try runCommand("aws", ["--endpoint-url", try moto()] + arguments, environment: try awsEnvironment())
        guard result.succeeded else { throw TestFailure("aws \(arguments.joined(separator: " ")): \(result.errorText)") }
        return result.outputText
    }

    private static func value(_ name: String, _ what: String) throws -> String {
        guard let value = ProcessEnvironment.current()[name], !value.isEmpty else {
            throw TestFailure("\(what) is not running: \(name) is not set; run the tests with `make test`, which starts it")
        }
        return value
    }
}

/// A short random suffix for names shared across tests on one service.
package func uniqueSuffix() -> String {
    String(UInt64.random(in: 1...UInt64.max), radix: 36)
}
