import ArgumentParser
import History
import Platform
import SlipwayModel

struct Artifacts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifacts", abstract: "List a run's artifacts, or write one out.",
        discussion: "With a name, the artifact's zip is written to -o FILE (or standard output), after its SHA-256 is checked against the history.")

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The run number.")
    var number: Int64

    @Argument(help: "The artifact to write out (its name, as listed).")
    var name: String?

    @Option(name: .shortAndLong, help: "Where to write the artifact's zip.")
    var output: String?

    func run() throws {
        let settings = try repository.settingsForReading()
        let store = try repository.store(settings)
        guard let run = try store.run(number) else {
            throw ValidationError("there is no run #\(number); `slipway history` lists the runs")
        }
        let artifacts = try store.artifacts(of: number)
        guard let name else {
            if artifacts.isEmpty { print("run #\(number) kept no artifacts") }
            for artifact in artifacts {
                print("\(artifact.name)  \(artifact.fileCount) files  \(ByteCount.describe(artifact.sizeBytes))  sha256 \(artifact.sha256)")
            }
            return
        }
        guard let artifact = artifacts.first(where: { $0.name == name }) else {
            let known = artifacts.map(\.name).joined(separator: ", ")
            throw ValidationError("run #\(number) has no artifact \(name)" + (known.isEmpty ? "" : "; it has: \(known)"))
        }
        guard fileExists(artifact.path) else {
            let why = run.pruned ? "it was removed by retention (queue.keep-runs)" : "\(artifact.path) is missing"
            throw ValidationError("artifact \(name) of run #\(number) is gone: \(why)")
        }
        try ArtifactCopy.copy(artifact, to: output)
    }
}
