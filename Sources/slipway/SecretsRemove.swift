import ArgumentParser
import Secrets
import Settings

struct SecretsRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a secret.")

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The secret's name.")
    var name: String

    func run() throws {
        let settings = try repository.settings()
        guard try LocalSecretStore(directory: settings.secrets.localStore).remove(name) else {
            throw ValidationError("there is no secret \(name); `slipway secrets list` shows the names")
        }
        say("slipway: removed secret \(name)")
    }
}
