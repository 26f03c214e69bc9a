import ArgumentParser
import Intake
import SlipwayCore

struct HookInstall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Write hooks/post-receive (idempotent; an existing hook is kept and chained).")

    @OptionGroup var repository: RepositoryOptions

    func run() throws {
        let gitDirectory = try repository.gitDirectory()
        switch try HookInstaller.install(gitDirectory: gitDirectory, hookExecutable: hookExecutable()) {
        case .installed: say("slipway: installed \(gitDirectory)/hooks/post-receive")
        case .updated: say("slipway: updated \(gitDirectory)/hooks/post-receive")
        case .installedKeepingPrevious(let kept):
            say("slipway: installed \(gitDirectory)/hooks/post-receive; the previous hook is kept as \(kept) and runs after Slipway")
        }
    }
}
