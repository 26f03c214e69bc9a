import ArgumentParser

@main
struct Slipway: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slipway",
        abstract: "Push → buildspec build → image → report, for plain git servers.",
        discussion: """
        Every command works inside a bare repository (or its hooks) or with --repo DIR.
        Exit codes of `slipway run`: 0 SUCCEEDED, 1 FAILED, 3 FAULT, 4 TIMED_OUT, 5 STOPPED.
        """,
        version: "0.1.0",
        subcommands: [
            Init.self, Hook.self, Run.self, Check.self, History.self, Show.self, Logs.self, Artifacts.self,
            Plan.self, ChangelogCommand.self, Worker.self, Poll.self, Queue.self, Cancel.self, Retry.self, Secrets.self, AWS.self, PostReceive.self,
        ]
    )
}
