import Platform

/// The `slipway` and `slipway-hook` executables built with the tests (next to the test bundle).
package enum SlipwayBinaries {
    /// The build products directory.
    package static var directory: String {
        var path = parentDirectory(currentExecutablePath())
        // The test runner may live inside the .xctest bundle directory.
        while !fileExists(path + "/slipway") && path != "/" { path = parentDirectory(path) }
        return path
    }

    package static var slipway: String { directory + "/slipway" }
    package static var hook: String { directory + "/slipway-hook" }

    /// Runs `slipway` with arguments; the environment has no GIT_* variables.
    @discardableResult
    package static func run(_ arguments: [String], in directory: String? = nil, input: String = "",
                            environment: [String: String] = [:]) throws -> CommandResult {
        try runCommand(slipway, arguments, in: directory, input: input, environment: environment)
    }
}
