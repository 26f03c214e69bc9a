import BuildSpec
import History
import Platform
import Settings
import SlipwayModel

/// One image to build, with everything resolved for a run.
package struct PlannedImage: Sendable, Equatable {
    package let reference: ImageReference
    package let tags: [String]
    /// Absolute paths inside the checkout.
    package let context: String
    package let dockerfile: String
    package let target: String?
    package let buildArguments: [(name: String, value: String)]

    /// `name:tag` of every tag, first tag first.
    package var references: [String] { tags.map { "\(reference.name):\($0)" } }

    package static func == (lhs: PlannedImage, rhs: PlannedImage) -> Bool {
        lhs.reference == rhs.reference && lhs.tags == rhs.tags && lhs.context == rhs.context
            && lhs.dockerfile == rhs.dockerfile && lhs.target == rhs.target
            && lhs.buildArguments.map(\.name) == rhs.buildArguments.map(\.name)
            && lhs.buildArguments.map(\.value) == rhs.buildArguments.map(\.value)
    }
}

/// A registry to log in to before pushing.
package struct RegistryLogin: Sendable, Equatable {
    package let registry: String
    package let username: String
    /// The secret (parameter-store provider) holding the password.
    package let passwordSecret: String
}

/// One engine command of the plan: an argument array (never a shell string), and the secret,
/// if any, written to its standard input.
package struct PlannedCommand: Sendable, Equatable {
    package enum Purpose: String, Sendable { case login, build, tag, push }

    package let purpose: Purpose
    package let arguments: [String]
    package let stdinSecret: String?
    /// The image this command belongs to (nil for logins).
    package let image: Int?
    /// The tag a push pushes.
    package let reference: String?

    /// How the command reads for people: arguments quoted only when needed.
    package func display(engine: String) -> String {
        let words = [engine] + arguments.map { word in
            word.isEmpty || word.contains(where: { " \t\n'\"$`\\*?[]{}();&|<>#~".contains($0) }) ? shellQuotedWord(word) : word
        }
        return words.joined(separator: " ") + (stdinSecret.map { " < secret \($0) (***)" } ?? "")
    }
}

/// What the image plan will do for a run: logins, then per image one build, tags, and one push
/// per tag.
package struct ImagePlan: Sendable, Equatable {
    package let images: [PlannedImage]
    package let logins: [RegistryLogin]
    package let commands: [PlannedCommand]
}

/// Computes the plan from slipway.yml for a run.
package enum ImagePlanner {
    /// `lookup` resolves ${VARIABLES} in names and build arguments (the build's variables). A
    /// preview accepts names it cannot check yet (they hold variables only the build sets).
    package static func plan(settings: SlipwaySettings, run: ClaimedRun, sourceDirectory: String,
                             iidDirectory: String, preview: Bool = false, lookup: (String) -> String?) throws -> ImagePlan {
        var images: [PlannedImage] = []
        var logins: [RegistryLogin] = []
        var commands: [PlannedCommand] = []
        for definition in settings.images.images {
            let name = try VariableExpansion.expand(definition.name, lookup: lookup)
            let reference = preview && name.contains("${") ? ImageReference(unchecked: name) : try ImageReference(parsing: name)
            let tags = try TagTemplates.tags(for: definition, run: run, defaultBranch: settings.defaultBranch,
                                             shortShaLength: settings.images.shortShaLength)
            guard !tags.isEmpty else {
                throw ImageNameError(name: name, reason: "no tag applies to this push; add {sha} to its tags")
            }
            let image = PlannedImage(
                reference: reference, tags: tags,
                context: try insideCheckout(definition.context, sourceDirectory, what: "context of \(name)"),
                dockerfile: try insideCheckout(definition.dockerfile, sourceDirectory, what: "dockerfile of \(name)"),
                target: definition.target,
                buildArguments: try definition.buildArguments.map { ($0.name, try VariableExpansion.expand($0.value, lookup: lookup)) })
            if let registry = settings.images.registry(forHost: reference.registry), let user = registry.username,
               let secret = registry.passwordSecret, !logins.contains(where: { $0.registry == registry.address }) {
                logins.append(RegistryLogin(registry: registry.address, username: user, passwordSecret: secret))
            }
            images.append(image)
        }
        for login in logins {
            commands.append(PlannedCommand(purpose: .login, arguments: ["login", "--username", login.username, "--password-stdin", login.registry],
                                           stdinSecret: login.passwordSecret, image: nil, reference: nil))
        }
        for (index, image) in images.enumerated() {
            var build = ["build", "--file", image.dockerfile, "--tag", image.references[0], "--iidfile", "\(iidDirectory)/image-\(index).id"]
            if let target = image.target { build += ["--target", target] }
            for argument in image.buildArguments { build += ["--build-arg", "\(argument.name)=\(argument.value)"] }
            build.append(image.context)
            commands.append(PlannedCommand(purpose: .build, arguments: build, stdinSecret: nil, image: index, reference: image.references[0]))
            for reference in image.references.dropFirst() {
                commands.append(PlannedCommand(purpose: .tag, arguments: ["tag", image.references[0], reference], stdinSecret: nil,
                                               image: index, reference: reference))
            }
            for reference in image.references {
                commands.append(PlannedCommand(purpose: .push, arguments: ["push", reference], stdinSecret: nil, image: index,
                                               reference: reference))
            }
        }
        return ImagePlan(images: images, logins: logins, commands: commands)
    }

    /// A path relative to the checkout that stays inside it.
    private static func insideCheckout(_ path: String, _ sourceDirectory: String, what: String) throws -> String {
        let absolute = absolutePath(path, relativeTo: sourceDirectory)
        guard !path.hasPrefix("/"), absolute == sourceDirectory || absolute.hasPrefix(sourceDirectory + "/") else {
            throw ImageNameError(name: path, reason: "the \(what) must be a path inside the repository")
        }
        return absolute
    }
}

/// A word quoted for display in a shell-like command line.
func shellQuotedWord(_ word: String) -> String {
    "'" + word.replacingAll("'", with: "'\\''") + "'"
}
