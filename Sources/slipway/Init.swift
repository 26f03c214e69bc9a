import ArgumentParser
import SlipwayCore

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Set up a bare repository: slipway.yml, the state directory and the post-receive hook.")

    @OptionGroup var repository: RepositoryOptions

    func run() throws {
        for line in try Initializer.initialize(gitDirectory: try repository.gitDirectory(), hookExecutable: hookExecutable()) {
            say("slipway: \(line)")
        }
    }
}
