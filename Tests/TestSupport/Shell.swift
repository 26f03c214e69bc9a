import Platform

/// Runs a command for a test and returns its result; the environment has no GIT_* variables
/// unless given, and a fixed identity for git commits.
@discardableResult
package func runCommand(_ executable: String, _ arguments: [String], in directory: String? = nil,
                       input: String = "", environment extra: [String: String] = [:]) throws -> CommandResult {
    var environment = ProcessEnvironment.withoutGitVariables(ProcessEnvironment.current())
    environment["GIT_AUTHOR_NAME"] = "Test Author"
    environment["GIT_AUTHOR_EMAIL"] = "author@example.com"
    environment["GIT_COMMITTER_NAME"] = "Test Committer"
    environment["GIT_COMMITTER_EMAIL"] = "committer@example.com"
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["HOME"] = environment["HOME"] ?? "/root"
    for (key, value) in extra { environment[key] = value }
    return try CommandRunner.run(executable, arguments, input: Array(input.utf8), environment: environment,
                                 workingDirectory: directory)
}

/// Runs git, throwing with its error output when it fails.
@discardableResult
package func git(_ arguments: String..., in directory: String, input: String = "",
                environment: [String: String] = [:]) throws -> String {
    try gitArguments(arguments, in: directory, input: input, environment: environment)
}

/// Runs git with an argument array, throwing with its error output when it fails.
@discardableResult
package func gitArguments(_ arguments: [String], in directory: String, input: String = "",
                         environment: [String: String] = [:]) throws -> String {
    let result = try runCommand("git", arguments, in: directory, input: input, environment: environment)
    guard result.succeeded else {
        throw TestFailure("git \(arguments.joined(separator: " ")) failed: \(result.errorText) \(result.outputText)")
    }
    return result.outputText
}

/// An error thrown by test helpers, with a readable message.
package struct TestFailure: Error, CustomStringConvertible {
    package let description: String

    package init(_ description: String) {
        self.description = description
    }
}
