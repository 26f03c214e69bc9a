import ArgumentParser
import SlipwayCore

struct HookFollow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Stream queued builds' output until they finish, then print their results (used by queue.wait).")

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "Run numbers.")
    var numbers: [Int64]

    func run() throws {
        let settings = try repository.settings()
        _ = try RunFollower(store: try repository.store(settings), output: say, write: writeOut).follow(numbers)
    }
}
