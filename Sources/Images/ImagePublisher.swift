import History
import Masking
import Pipeline
import Platform
import Runner
import Secrets
import Settings
import SlipwayModel

/// The Images module: the image plan of slipway.yml's `images:` (`ImagePlanner`, tag templates,
/// image references), the engine session that runs it, the registry client that reads every
/// pushed digest back, and `slipway plan`'s preview. It plugs into the pipeline as
/// `ImagePublishing`, a host step between BUILD and POST_BUILD, and adds the registry passwords
/// it reads to the run's `RunSecrets` before anything can print them.
///
/// Builds and pushes `images:` with the engine's CLI (`docker`, or `podman`): argument arrays,
/// never a shell string; logins with `--password-stdin` in a private DOCKER_CONFIG, so the
/// password is in no argv, no environment and no other build's config. Every pushed tag's
/// digest is read back from the registry's API.
package struct ImagePublisher: ImagePublishing {
    let settings: SlipwaySettings
    let secretStore: SecretResolving
    let hostEnvironment: [String: String]

    package init(settings: SlipwaySettings, secrets: SecretResolving, hostEnvironment: [String: String]) {
        self.settings = settings
        self.secretStore = secrets
        self.hostEnvironment = hostEnvironment
    }

    package func publish(run: ClaimedRun, workDirectory: String, lookup: @escaping (String) -> String?,
                         log: OutputSink, secrets: RunSecrets) -> ImagePlanResult {
        let container = ContainerLog(sink: log)
        let engineDirectory = workDirectory + "/engine"
        let plan: ImagePlan
        do {
            try makeDirectories(engineDirectory, mode: 0o700)
            plan = try ImagePlanner.plan(settings: settings, run: run, sourceDirectory: workDirectory + "/src",
                                         iidDirectory: engineDirectory, lookup: lookup)
        } catch {
            return ImagePlanResult(images: [], failure: "\(error)")
        }
        defer { try? removeTree(engineDirectory) }
        let engine = EngineSession(settings: settings, environment: hostEnvironment, configDirectory: engineDirectory + "/config",
                                   log: log, secrets: secrets)
        var warnings: [String] = []
        for image in plan.images {
            for argument in image.buildArguments where secrets.containsSecret(argument.value) {
                warnings.append("build argument \(argument.name) of \(image.reference.name) holds a secret; build arguments are kept in the image's history: use a BuildKit secret mount instead")
            }
        }
        if let problem = engine.checkReachable() {
            return ImagePlanResult(images: allTags(plan, status: .skipped, note: problem), failure: problem, warnings: warnings)
        }
        var passwords: [String: String] = [:]
        for login in plan.logins {
            do {
                passwords[login.registry] = try secretStore.value(ofParameter: login.passwordSecret)
            } catch {
                let problem = "the password of registry \(login.registry) could not be read: \(error)"
                return ImagePlanResult(images: allTags(plan, status: .skipped, note: problem), failure: problem, warnings: warnings)
            }
        }
        if !passwords.isEmpty {
            secrets.add(Array(passwords.values))
        }
        var images: [PublishedImage] = []
        var failures: [String] = []
        var builtImages = Set<Int>()
        var failedBuilds = Set<Int>()
        for command in plan.commands {
            if let index = command.image, failedBuilds.contains(index) {
                if command.purpose == .push, let reference = command.reference {
                    images.append(PublishedImage(reference: reference, digest: nil, sizeBytes: nil, status: .skipped,
                                                 note: "the image did not build"))
                }
                continue
            }
            container.line("Running command \(command.display(engine: engine.name))")
            let input = command.stdinSecret.flatMap { _ in passwords[command.arguments.last ?? ""] }.map { Array($0.utf8) } ?? []
            let (ok, message, tail) = engine.run(command.arguments, input: input)
            switch command.purpose {
            case .login:
                if !ok {
                    let problem = "registry \(command.arguments.last ?? "") rejected the login of \(command.arguments[2]): \(message)"
                    return ImagePlanResult(images: allTags(plan, status: .skipped, note: problem), failure: secrets.mask(problem),
                                           warnings: warnings)
                }
            case .build, .tag:
                guard let index = command.image else { continue }
                if ok {
                    if command.purpose == .build { builtImages.insert(index) }
                } else {
                    failedBuilds.insert(index)
                    failures.append("\(command.purpose == .build ? "docker build" : "docker tag") of \(plan.images[index].reference.name) failed: \(message)")
                }
            case .push:
                guard let index = command.image, let reference = command.reference else { continue }
                images.append(verifyPush(reference: reference, image: plan.images[index], ok: ok, message: message, tail: tail,
                                         passwords: passwords, failures: &failures))
            }
        }
        let failure = failures.isEmpty ? nil : secrets.mask(failures.joined(separator: "; "))
        return ImagePlanResult(images: images, failure: failure, warnings: warnings)
    }

    private func verifyPush(reference: String, image: PlannedImage, ok: Bool, message: String, tail: String,
                            passwords: [String: String], failures: inout [String]) -> PublishedImage {
        guard ok else {
            failures.append("docker push \(reference) failed: \(message)")
            return PublishedImage(reference: reference, digest: nil, sizeBytes: nil, status: .failed, note: message)
        }
        let tag = String(reference.dropFirst(image.reference.name.count + 1))
        let pushedDigest = DockerOutput.pushDigest(tail, tag: tag)
        let registry = settings.images.registry(forHost: image.reference.registry)
        let credentials = registry.flatMap { entry in
            entry.username.flatMap { user in passwords[entry.address].map { (user, $0) } }
        }
        do {
            let served = try RegistryClient(reference: image.reference, insecure: registry?.insecure ?? false,
                                            credentials: credentials).manifest(tag)
            if let pushedDigest, pushedDigest != served.digest {
                let note = "docker push reported \(pushedDigest) but the registry serves \(served.digest)"
                failures.append("\(reference): \(note)")
                return PublishedImage(reference: reference, digest: served.digest, sizeBytes: served.size, status: .failed, note: note)
            }
            return PublishedImage(reference: reference, digest: served.digest, sizeBytes: served.size, status: .pushed)
        } catch {
            let note = "pushed, but the registry's API could not confirm it: \(error)"
            failures.append("\(reference): \(note)")
            return PublishedImage(reference: reference, digest: pushedDigest, sizeBytes: nil, status: .failed, note: note)
        }
    }

    private func allTags(_ plan: ImagePlan, status: ImageStatus, note: String) -> [PublishedImage] {
        plan.images.flatMap { $0.references }.map { PublishedImage(reference: $0, digest: nil, sizeBytes: nil, status: status, note: note) }
    }
}

/// The container engine's CLI for one plan: its path, environment and log.
struct EngineSession {
    let name: String
    let path: String?
    var environment: [String: String]
    let log: OutputSink
    let secrets: RunSecrets

    init(settings: SlipwaySettings, environment host: [String: String], configDirectory: String, log: OutputSink,
         secrets: RunSecrets) {
        self.secrets = secrets
        name = settings.images.engine
        path = ProcessEnvironment.findExecutable(settings.images.engine, path: host["PATH"])
        environment = ProcessEnvironment.withoutGitVariables(host)
        if let engineHost = settings.images.engineHost { environment["DOCKER_HOST"] = engineHost }
        environment["DOCKER_CONFIG"] = configDirectory
        try? makeDirectories(configDirectory, mode: 0o700)
        self.log = log
    }

    /// Nil when the engine answers; otherwise what is wrong, said so an admin can fix it.
    func checkReachable() -> String? {
        guard let path else {
            return "no container engine: '\(name)' is not installed on the build host (install docker.io, or set docker.engine in slipway.yml)"
        }
        let host = environment["DOCKER_HOST"].map { "DOCKER_HOST=\($0)" } ?? "the default socket"
        guard let result = try? CommandRunner.run(path, ["version", "--format", "{{.Server.Version}}"], environment: environment) else {
            return "the container engine '\(name)' could not be started"
        }
        guard result.succeeded else {
            let reason = result.errorText.split(whereSeparator: \.isNewline).first.map(String.init) ?? "no answer"
            return "no container engine reachable at \(host): \(reason); start dockerd or set docker.host in slipway.yml"
        }
        return nil
    }

    /// Runs one engine command, streaming its output into the log; returns success, a one-line
    /// reason on failure (masked), and the output's tail.
    func run(_ arguments: [String], input: [UInt8]) -> (Bool, String, String) {
        guard let path else { return (false, "no engine", "") }
        do {
            let (termination, tail) = try StreamingCommand.run(path, arguments, environment: environment,
                                                               workingDirectory: nil, input: input) { log.write($0) }
            let text = secrets.mask(String(decoding: tail, as: UTF8.self))
            if termination == .exited(0) { return (true, "", text) }
            let lastLine = text.split(whereSeparator: \.isNewline).last(where: { !$0.allSatisfy(\.isWhitespace) }).map(String.init) ?? ""
            return (false, "exit status \(termination.code)\(lastLine.isEmpty ? "" : ": \(lastLine)")", text)
        } catch {
            return (false, "\(error)", "")
        }
    }
}

/// Reading what `docker push` prints.
enum DockerOutput {
    /// The digest from the line `<tag>: digest: sha256:<hex> size: <n>`.
    static func pushDigest(_ output: String, tag: String) -> String? {
        for line in output.split(whereSeparator: \.isNewline).reversed() where line.hasPrefix("\(tag): digest: ") {
            return line.split(separator: " ").dropFirst(2).first.map(String.init)
        }
        return nil
    }
}
