import ArgumentParser

struct Hook: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Install or run the post-receive hook.",
        subcommands: [HookInstall.self, HookPostReceive.self, HookFollow.self])
}
