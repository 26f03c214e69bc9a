import YAMLSchema

extension BuildSpecLoader {
    static let environmentKeys = ["shell", "variables", "parameter-store", "secrets-manager", "exported-variables",
                                  "git-credential-helper"]

    static func readEnvironment(_ env: MappingReader, log: DiagnosticLog) -> BuildEnvironment {
        env.rejectUnknownKeys(known: environmentKeys)
        var environment = BuildEnvironment()
        if let (shell, location) = env.text("shell") {
            environment.shell = normalizedShell(shell, at: location, log: log)
        }
        environment.variables = validatedVariables(env.textMap("variables") ?? [], section: "env.variables", log: log)
        environment.secrets = secretRequests(env, key: "parameter-store", store: .parameterStore, log: log)
            + secretRequests(env, key: "secrets-manager", store: .secretsManager, log: log)
        for entry in env.textList("exported-variables") ?? [] {
            if !isShellName(entry.value) {
                log.error("'\(entry.value)' in env.exported-variables is not a valid variable name", at: entry.location)
            } else if entry.value.hasPrefix("AWS_") {
                log.warning("env.exported-variables: '\(entry.value)' is not exported; CodeBuild forbids exporting AWS_* variables",
                            at: entry.location)
            } else {
                environment.exportedVariables.append(entry.value)
            }
        }
        if env.bool("git-credential-helper") == true, let location = env.keyLocation("git-credential-helper") {
            log.warning("env.git-credential-helper is not supported: builds get no git credentials from Slipway", at: location)
        }
        return environment
    }

    private static func normalizedShell(_ shell: String, at location: SourceLocation, log: DiagnosticLog) -> String {
        switch shell {
        case "sh", "/bin/sh": return "sh"
        case "bash", "/bin/bash": return "bash"
        case "powershell.exe", "cmd.exe", "pwsh", "pwsh.exe":
            log.error("env.shell '\(shell)' is a Windows shell; Slipway runs on Linux: use sh or bash", at: location)
        default:
            log.error("env.shell '\(shell)' is not supported; use sh (CodeBuild's default) or bash", at: location)
        }
        return "sh"
    }

    private static func secretRequests(_ env: MappingReader, key: String, store: SecretRequest.Store,
                                       log: DiagnosticLog) -> [SecretRequest] {
        var requests: [SecretRequest] = []
        for entry in env.textMap(key) ?? [] {
            if !isShellName(entry.name) {
                log.error("'\(entry.name)' in env.\(key) is not a valid variable name", at: entry.location)
            } else if entry.value.isEmpty {
                log.error("env.\(key).\(entry.name) names no \(store == .parameterStore ? "parameter" : "secret")",
                          at: entry.location)
            } else {
                requests.append(SecretRequest(variable: entry.name, reference: entry.value, store: store,
                                              line: entry.location.line))
            }
        }
        return requests
    }
}

/// Keeps the variables that a shell can set, reporting the others.
func validatedVariables(_ entries: [(name: String, value: String, location: SourceLocation)], section: String,
                        log: DiagnosticLog) -> [Variable] {
    var result: [Variable] = []
    for entry in entries {
        if !isShellName(entry.name) {
            log.error("'\(entry.name)' in \(section) is not a valid variable name (letters, digits and _, not starting with a digit)",
                      at: entry.location)
        } else if entry.name.hasPrefix("CODEBUILD_") {
            log.warning("\(section): '\(entry.name)' is ignored; names starting with CODEBUILD_ are reserved for the build system",
                        at: entry.location)
        } else {
            result.append(Variable(name: entry.name, value: entry.value))
        }
    }
    return result
}

/// True for names a POSIX shell accepts as variable names.
package func isShellName(_ name: String) -> Bool {
    guard let first = name.utf8.first, first == 0x5F || (first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A else {
        return false
    }
    return name.utf8.allSatisfy { $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A) }
}
