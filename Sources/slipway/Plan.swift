import ArgumentParser
import Images
import Platform
import SlipwayCore

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print the resolved source version, every image tag and every engine command a build would run; runs nothing.")

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "The branch (default: default-branch of slipway.yml).")
    var branch: String?

    @Option(help: "A commit instead of the branch tip.")
    var commit: String?

    func run() throws {
        let settings = try repository.settings()
        writeOut(try PlanPreview.render(settings: settings, store: try repository.store(settings), branch: branch,
                                        commit: commit, hostEnvironment: ProcessEnvironment.current()))
    }
}
