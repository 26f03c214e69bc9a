import ArgumentParser
import Secrets
import Settings

struct SecretsGet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print a secret's value.")

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The secret's name.")
    var name: String

    func run() throws {
        let settings = try repository.settings()
        guard let value = try LocalSecretStore(directory: settings.secrets.localStore).value(name) else {
            throw ValidationError("there is no secret \(name) in \(settings.secrets.localStore); `slipway secrets list` shows the names")
        }
        writeOut(value + "\n")
    }
}
