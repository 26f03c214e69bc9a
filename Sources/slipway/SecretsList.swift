import ArgumentParser
import Secrets
import Settings

struct SecretsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List secret names (never values).")

    @OptionGroup var repository: RepositoryOptions

    func run() throws {
        let settings = try repository.settings()
        let names = try LocalSecretStore(directory: settings.secrets.localStore).names()
        if names.isEmpty { say("the local secret store is empty") }
        for name in names { say(name) }
    }
}
