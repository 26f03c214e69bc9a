import ArgumentParser

struct AWS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws", abstract: "Tools for debugging AWS access.", subcommands: [AWSSign.self])
}
