import ArgumentParser

struct Secrets: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "Manage the repository's local secret store (a 0600 file in a 0700 directory).",
        subcommands: [SecretsPut.self, SecretsGet.self, SecretsList.self, SecretsRemove.self])
}
