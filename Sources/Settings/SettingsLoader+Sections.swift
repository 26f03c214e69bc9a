import Platform
import YAMLSchema

extension SettingsLoader {
    static func readSecrets(_ secrets: MappingReader, into settings: inout SlipwaySettings, log: DiagnosticLog) {
        secrets.rejectUnknownKeys(known: ["allow", "parameter-store", "secrets-manager", "local-store", "aws"])
        if let allow = secrets.textList("allow", acceptsScalar: true) { settings.secrets.allow = allow.map(\.value) }
        for key in ["parameter-store", "secrets-manager"] {
            guard let (provider, location) = secrets.text(key) else { continue }
            guard provider == "local" || provider == "aws" else {
                log.error("'secrets.\(key)' must be local or aws, found '\(provider)'", at: location)
                continue
            }
            if key == "parameter-store" { settings.secrets.parameterStore = provider } else { settings.secrets.secretsManager = provider }
        }
        if let (path, _) = secrets.text("local-store") {
            settings.secrets.localStore = absolutePath(path, relativeTo: settings.gitDirectory)
        }
        if let aws = secrets.mapping("aws") {
            aws.rejectUnknownKeys(known: ["region", "profile", "endpoint"])
            settings.secrets.aws.region = aws.text("region")?.value
            settings.secrets.aws.profile = aws.text("profile")?.value
            if let (endpoint, location) = aws.text("endpoint") {
                if endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://") {
                    settings.secrets.aws.endpoint = endpoint
                } else {
                    log.error("'secrets.aws.endpoint' must be a URL such as https://ssm.example.com, found '\(endpoint)'",
                              at: location)
                }
            }
        }
    }

    static func readDocker(_ docker: MappingReader, into settings: inout ImageSettings, log: DiagnosticLog) {
        docker.rejectUnknownKeys(known: ["engine", "host", "short-sha-length", "registries"])
        if let (engine, _) = docker.text("engine") { settings.engine = engine }
        if let (host, _) = docker.text("host") { settings.engineHost = host }
        if let length = docker.integer("short-sha-length", in: 4...40) { settings.shortShaLength = length }
        guard let list = docker.value("registries"), !list.isNull else { return }
        guard let items = list.items else {
            log.error("'docker.registries' must be a list of registries (- address: ...)", at: list.location)
            return
        }
        for item in items {
            guard let registry = MappingReader(item, path: "docker.registries[]", log: log) else { continue }
            registry.rejectUnknownKeys(known: ["address", "username", "password-secret", "insecure"])
            guard let (address, _) = registry.text("address") else {
                log.error("each registry needs an 'address' (host or host:port)", at: registry.location)
                continue
            }
            settings.registries.append(RegistrySettings(
                address: address, username: registry.text("username")?.value,
                passwordSecret: registry.text("password-secret")?.value, insecure: registry.bool("insecure") ?? false))
        }
    }

    static func readImages(_ value: YAMLValue, into settings: inout ImageSettings, log: DiagnosticLog) {
        guard let items = value.items else {
            log.error("'images' must be a list of images (- name: registry/team/app)", at: value.location)
            return
        }
        for item in items {
            guard let image = MappingReader(item, path: "images[]", log: log) else { continue }
            image.rejectUnknownKeys(known: ["name", "context", "dockerfile", "build-args", "target", "tags", "latest"])
            guard let (name, location) = image.text("name") else {
                log.error("each image needs a 'name', such as 127.0.0.1:5000/team/app", at: image.location)
                continue
            }
            var definition = ImageDefinition(name: name)
            definition.line = location.line
            if let (context, _) = image.text("context") { definition.context = context }
            if let (dockerfile, _) = image.text("dockerfile") { definition.dockerfile = dockerfile }
            if let arguments = image.textMap("build-args") { definition.buildArguments = arguments.map { ($0.name, $0.value) } }
            definition.target = image.text("target")?.value
            if let tags = image.textList("tags") { definition.tags = tags.map(\.value) }
            if let (latest, latestLocation) = image.text("latest") {
                if let policy = LatestPolicy(rawValue: latest) {
                    definition.latest = policy
                } else {
                    let choices = LatestPolicy.allCases.map(\.rawValue).joined(separator: ", ")
                    log.error("'latest' must be one of \(choices), found '\(latest)'", at: latestLocation)
                }
            }
            settings.images.append(definition)
        }
    }

    static func readChangelog(_ changelog: MappingReader, into settings: inout SlipwaySettings, log: DiagnosticLog) {
        changelog.rejectUnknownKeys(known: ["groups", "merges", "first-build-limit", "report-limit", "file", "notes-ref", "template"])
        if let (merges, location) = changelog.text("merges") {
            switch merges {
            case "list": settings.changelog.includeMerges = true
            case "skip": settings.changelog.includeMerges = false
            default: log.error("'changelog.merges' must be list or skip, found '\(merges)'", at: location)
            }
        }
        if let limit = changelog.integer("first-build-limit", in: 1...100_000) { settings.changelog.firstBuildLimit = limit }
        if let limit = changelog.integer("report-limit", in: 1...100_000) { settings.changelog.reportLimit = limit }
        if let file = changelog.bool("file") { settings.changelog.writeFile = file }
        if let notes = changelog.value("notes-ref") {
            if notes.isNull || notes.scalarText == "false" {
                settings.changelog.notesReference = nil
            } else if let reference = notes.scalarText, reference.hasPrefix("refs/notes/") {
                settings.changelog.notesReference = reference
            } else {
                log.error("'changelog.notes-ref' must start with refs/notes/ (or be false to add no notes)", at: notes.location)
            }
        }
        if let (template, _) = changelog.text("template") {
            settings.changelog.template = absolutePath(template, relativeTo: settings.gitDirectory)
        }
        if let groups = changelog.value("groups"), !groups.isNull {
            guard let items = groups.items else {
                log.error("'changelog.groups' must be a list of groups (- title: Features, types: [feat])", at: groups.location)
                return
            }
            settings.changelog.groups = items.compactMap { item in
                guard let group = MappingReader(item, path: "changelog.groups[]", log: log) else { return nil }
                group.rejectUnknownKeys(known: ["title", "types"])
                guard let (title, _) = group.text("title") else {
                    log.error("each changelog group needs a 'title'", at: group.location)
                    return nil
                }
                return ChangelogGroupSetting(title: title, types: group.textList("types", acceptsScalar: true)?.map(\.value) ?? [])
            }
        }
    }

    static func readNotify(_ notify: MappingReader, into settings: inout ChangelogSettings, gitDirectory: String, log: DiagnosticLog) {
        notify.rejectUnknownKeys(known: ["webhooks", "deadline"])
        if let seconds = notify.integer("deadline", in: 1...600) { settings.notifyDeadlineSeconds = seconds }
        guard let list = notify.value("webhooks"), !list.isNull else { return }
        guard let items = list.items else {
            log.error("'notify.webhooks' must be a list (- url: https://...)", at: list.location)
            return
        }
        for item in items {
            guard let hook = MappingReader(item, path: "notify.webhooks[]", log: log) else { continue }
            hook.rejectUnknownKeys(known: ["url", "url-secret", "template", "on", "attempts"])
            let url = hook.text("url")
            let urlSecret = hook.text("url-secret")?.value
            guard (url == nil) != (urlSecret == nil) else {
                log.error("each webhook needs either a 'url' or a 'url-secret' (the name of a secret holding the URL)", at: hook.location)
                continue
            }
            if let (url, location) = url, !url.hasPrefix("http://") && !url.hasPrefix("https://") {
                log.error("webhook url must start with http:// or https://, found '\(url)'", at: location)
            } else if let (url, location) = url, Self.authority(of: url).filter({ $0 == "@" }).count > 1 {
                // The message never repeats what comes before the last '@': it is a password.
                let host = Self.authority(of: url).split(separator: "@").last.map(String.init) ?? ""
                log.error("webhook url for host \(host) has more than one '@' before its path: percent-encode an '@' in the user or "
                          + "password as %40, or keep the whole URL in the secret store (url-secret)", at: location)
                continue
            }
            var webhook = WebhookSettings(url: url?.value, urlSecret: urlSecret)
            webhook.template = hook.text("template").map { absolutePath($0.value, relativeTo: gitDirectory) }
            if let on = hook.textList("on", acceptsScalar: true) {
                for entry in on where entry.value != "success" && entry.value != "failure" {
                    log.error("webhook 'on' takes success and failure, found '\(entry.value)'", at: entry.location)
                }
                webhook.on = on.map(\.value)
            }
            if let attempts = hook.integer("attempts", in: 1...10) { webhook.attempts = attempts }
            settings.webhooks.append(webhook)
        }
    }
}

extension SettingsLoader {
    /// The part of a URL between `://` and the path.
    static func authority(of url: String) -> Substring {
        let characters = Array(url)
        guard let index = (0..<max(0, characters.count - 2)).first(where: { characters[$0] == ":" && characters[$0 + 1] == "/" && characters[$0 + 2] == "/" })
        else { return "" }
        return Substring(String(characters[(index + 3)...]).prefix { $0 != "/" && $0 != "?" && $0 != "#" })
    }
}
