import ArgumentParser
import Masking
import Platform
import Secrets
import Settings

struct SecretsPut: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put", abstract: "Store a secret; the value is read from standard input, never from arguments.")

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The secret's name, as buildspecs ask for it (e.g. /app/db/password).")
    var name: String

    @Flag(help: "Keep a trailing newline (by default one final newline, as `echo` adds, is dropped).")
    var keepNewline = false

    func run() throws {
        var value = String(decoding: try readWholeFile("/dev/stdin"), as: UTF8.self)
        if !keepNewline && value.hasSuffix("\n") { value.removeLast() }
        guard !value.isEmpty else { throw ValidationError("no value on standard input; pipe it in: printf %s \"$VALUE\" | slipway secrets put \(name)") }
        let settings = try repository.settings()
        try LocalSecretStore(directory: settings.secrets.localStore).put(name, value: value)
        say("slipway: stored secret \(name) (\(value.utf8.count) bytes)")
        if SecretVariants.isTooShort(value) {
            say("slipway: warning: values shorter than \(SecretVariants.minimumLength) characters are not masked in logs")
        }
    }
}
