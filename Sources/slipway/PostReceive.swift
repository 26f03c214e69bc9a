import ArgumentParser
import Intake
import Platform

/// `slipway post-receive HOOK-FILE`: what runs when a hook file's first line names `slipway`
/// itself (where `slipway-hook` is not installed). Same as `slipway hook post-receive`, then the
/// kept previous hook.
struct PostReceive: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "post-receive", shouldDisplay: false)

    @Argument(help: "The hook file git ran.")
    var hookFile: String?

    func run() throws {
        let input = String(decoding: (try? readWholeFile("/dev/stdin")) ?? [], as: UTF8.self)
        try HookPostReceive.receive(input: input, repository: RepositoryOptions(), wait: false)
        if let hookFile, let previous = HookScript.previousHook(inScript: hookFile) {
            throw ExitCode(HookScript.runPrevious(previous, input: input))
        }
    }
}
