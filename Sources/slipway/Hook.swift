import ArgumentParser

struct Hook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Install or run the post-receive hook.",
        subcommands: [HookInstall.self, HookPostReceive.self, HookFollow.self])
}
