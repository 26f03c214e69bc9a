import Platform
import Settings

/// Where Slipway finds AWS credentials and the region, in the standard order: environment
/// variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION,
/// AWS_DEFAULT_REGION), then the profile (slipway.yml, AWS_PROFILE, or "default") in
/// ~/.aws/credentials and ~/.aws/config (or AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE).
package struct AWSEnvironment: Sendable {
    package let credentials: AWSCredentials
    package let region: String
    package let profile: String

    /// Resolves credentials and region; the error says exactly what to set.
    package static func resolve(settings: AWSSettings, environment: [String: String]) throws -> AWSEnvironment {
        let profile = settings.profile ?? environment["AWS_PROFILE"] ?? "default"
        let home = environment["HOME"] ?? "/root"
        let credentialsFile = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials"
        let configFile = environment["AWS_CONFIG_FILE"] ?? home + "/.aws/config"
        let fromCredentialsFile = (try? IniFile.read(credentialsFile))?[profile] ?? [:]
        let fromConfigFile = (try? IniFile.read(configFile))?[profile == "default" ? "default" : "profile " + profile] ?? [:]

        let credentials: AWSCredentials
        if settings.profile == nil, let key = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"],
           !key.isEmpty, !secret.isEmpty {
            // CI systems export an empty AWS_SESSION_TOKEN: like the AWS CLI and SDKs, that means none.
            credentials = AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: nonEmpty(environment["AWS_SESSION_TOKEN"]))
        } else if let key = fromCredentialsFile["aws_access_key_id"] ?? fromConfigFile["aws_access_key_id"],
                  let secret = fromCredentialsFile["aws_secret_access_key"] ?? fromConfigFile["aws_secret_access_key"] {
            credentials = AWSCredentials(accessKeyId: key, secretAccessKey: secret,
                                         sessionToken: nonEmpty(fromCredentialsFile["aws_session_token"] ?? fromConfigFile["aws_session_token"]))
        } else {
            throw AWSError.missingCredentials(profile: profile, credentialsFile: credentialsFile)
        }
        guard let region = settings.region ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
                ?? fromConfigFile["region"] ?? fromCredentialsFile["region"] else {
            throw AWSError.missingRegion(profile: profile)
        }
        return AWSEnvironment(credentials: credentials, region: region, profile: profile)
    }
}

/// Nil for a missing or empty value.
private func nonEmpty(_ value: String?) -> String? {
    value.flatMap { $0.isEmpty ? nil : $0 }
}

/// The INI files of the AWS CLI: `[section]` headers and `key = value` lines.
enum IniFile {
    static func read(_ path: String) throws -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current = ""
        for raw in try readTextFile(path).split(whereSeparator: \.isNewline) {
            let line = String(raw).trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast()).trimmingWhitespace()
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).trimmingWhitespace().lowercased()
            let value = String(line[line.index(after: equals)...]).trimmingWhitespace()
            sections[current, default: [:]][key] = value
        }
        return sections
    }
}
