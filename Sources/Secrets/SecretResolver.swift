import BuildSpec
import Foundation
import Intake
import Platform
import Settings
import SlipwayModel

/// Secret values for a build's requests, or a failure that names the secret.
package protocol SecretResolving {
    /// Resolves every request; the error's message never contains a secret value.
    func resolve(_ requests: [SecretRequest]) throws -> [(name: String, value: String)]
    /// The value of a named secret from the parameter-store provider (registry passwords, say).
    func value(ofParameter name: String) throws -> String
    /// Every secret value of the repository the server can know without a build asking: the
    /// whole local store, plus whatever this resolver has fetched from AWS. Published commit
    /// text (logs, reports, CHANGELOG.md, notes, webhooks) is masked with all of them.
    func repositorySecretValues() -> [String]
}

/// A secret could not be resolved; the message names the secret and says what to do.
package struct SecretResolutionFailure: Error, CustomStringConvertible, Equatable {
    package let message: String

    package init(message: String) {
        self.message = message
    }

    package var description: String { message }
}

/// A resolver for contexts with no secret store: every request fails, naming the secret.
package struct NoSecrets: SecretResolving {
    package init() {}

    package func resolve(_ requests: [SecretRequest]) throws -> [(name: String, value: String)] {
        guard let first = requests.first else { return [] }
        throw SecretResolutionFailure(message: "secret \(first.reference) for \(first.variable) cannot be read: no secret store is configured")
    }

    package func value(ofParameter name: String) throws -> String {
        throw SecretResolutionFailure(message: "secret \(name) cannot be read: no secret store is configured")
    }

    package func repositorySecretValues() -> [String] { [] }
}

/// Resolves `env.parameter-store` and `env.secrets-manager` requests from the stores chosen in
/// slipway.yml, after checking each name against `secrets.allow`: the buildspec comes from the
/// pusher, the allowlist from the server's admin, so a secret it does not list is refused as an
/// IAM AccessDenied would be.
package final class SecretResolver: SecretResolving, @unchecked Sendable {
    let settings: SecretSettings
    let environment: [String: String]
    let buildspecPath: String
    private var awsEnvironment: AWSEnvironment?
    private var fetchedValues: [String] = []

    package init(settings: SlipwaySettings, environment: [String: String] = ProcessEnvironment.current()) {
        self.settings = settings.secrets
        self.environment = environment
        self.buildspecPath = settings.buildspecPath
    }

    package func resolve(_ requests: [SecretRequest]) throws -> [(name: String, value: String)] {
        for request in requests {
            try checkAllowed(request)
        }
        var values: [String: String] = [:]
        let parameters = requests.filter { $0.store == .parameterStore }
        if !parameters.isEmpty {
            let found = try parameterValues(Array(Set(parameters.map(\.reference))).sorted(), for: parameters)
            for request in parameters {
                guard let value = found[request.reference] else {
                    throw failure(request, "was not found in \(parameterStoreName)\(hint(.parameterStore, request.reference))")
                }
                values[request.variable] = value
            }
        }
        var cache: [String: String] = [:]
        for request in requests where request.store == .secretsManager {
            let reference = try parsedReference(request)
            let key = "\(reference.secretId)|\(reference.versionStage ?? "")|\(reference.versionId ?? "")"
            let secret: String
            if let cached = cache[key] {
                secret = cached
            } else {
                guard let fetched = try secretString(reference, for: request) else {
                    throw failure(request, "was not found in \(secretsManagerName)\(hint(.secretsManager, reference.secretId))")
                }
                cache[key] = fetched
                secret = fetched
            }
            values[request.variable] = try extract(reference, from: secret, for: request)
        }
        fetchedValues += values.values
        return requests.compactMap { request in values[request.variable].map { (request.variable, $0) } }
    }

    package func value(ofParameter name: String) throws -> String {
        let request = SecretRequest(variable: name, reference: name, store: .parameterStore, line: 0)
        guard let value = try parameterValues([name], for: [request])[name] else {
            throw SecretResolutionFailure(message: "secret \(name) was not found in \(parameterStoreName)\(hint(.parameterStore, name))")
        }
        fetchedValues.append(value)
        return value
    }

    package func repositorySecretValues() -> [String] {
        // A store that cannot be read hides nothing more here; resolving from it fails loudly.
        let local = (try? LocalSecretStore(directory: settings.localStore).values()) ?? []
        return Array(Set(local + fetchedValues)).sorted()
    }

    private func checkAllowed(_ request: SecretRequest) throws {
        let names: [String]
        if request.store == .secretsManager {
            let reference = try parsedReference(request)
            names = [reference.secretId, reference.name]
        } else {
            names = [request.reference]
        }
        guard names.contains(where: { IAMResourcePattern.anyMatches(settings.allow, $0) }) else {
            let listed = settings.allow.isEmpty ? "lists no secrets" : "allows only \(settings.allow.joined(separator: ", "))"
            throw failure(request, "is not allowed (AccessDenied): secrets.allow in slipway.yml \(listed); ask the server's admin to allow it")
        }
    }

    private func parameterValues(_ names: [String], for requests: [SecretRequest]) throws -> [String: String] {
        if settings.parameterStore == "aws" {
            return try withAWS(requests.first) { aws in
                try ParameterStoreClient(environment: aws, endpoint: endpoint("SSM")).values(names)
            }
        }
        let store = LocalSecretStore(directory: settings.localStore)
        var values: [String: String] = [:]
        for name in names {
            if let value = try store.value(name) { values[name] = value }
        }
        return values
    }

    private func secretString(_ reference: SecretsManagerReference, for request: SecretRequest) throws -> String? {
        if settings.secretsManager == "aws" {
            return try withAWS(request) { aws in
                try SecretsManagerClient(environment: aws, endpoint: endpoint("SECRETS_MANAGER")).secretString(reference)
            }
        }
        if let stage = reference.versionStage, stage != "AWSCURRENT" {
            throw failure(request, "asks for version stage \(stage), but the local secret store keeps only the current value")
        }
        if reference.versionId != nil {
            throw failure(request, "asks for a version id, but the local secret store keeps only the current value")
        }
        return try LocalSecretStore(directory: settings.localStore).value(reference.secretId)
    }

    private func extract(_ reference: SecretsManagerReference, from secret: String, for request: SecretRequest) throws -> String {
        guard let key = reference.jsonKey else { return secret }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(secret.utf8))) as? [String: Any] else {
            throw failure(request, "is not a JSON object, so its key '\(key)' cannot be read")
        }
        guard let value = object[key] else {
            let keys = object.keys.sorted().joined(separator: ", ")
            throw failure(request, "has no key '\(key)' (its keys: \(keys))")
        }
        if let text = value as? String { return text }
        if let number = value as? NSNumber { return number.stringValue }
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private func withAWS<T>(_ request: SecretRequest?, _ body: (AWSEnvironment) throws -> T) throws -> T {
        do {
            if awsEnvironment == nil {
                awsEnvironment = try AWSEnvironment.resolve(settings: settings.aws, environment: environment)
            }
            guard let aws = awsEnvironment else { throw AWSError.missingRegion(profile: "default") }
            return try body(aws)
        } catch let error as AWSError {
            guard let request else { throw SecretResolutionFailure(message: "AWS: \(error)") }
            if error.isAccessDenied { throw failure(request, "was refused by AWS (\(error)); grant the worker's IAM identity read access to it") }
            throw failure(request, "could not be read: \(error)")
        }
    }

    private func endpoint(_ service: String) -> String? {
        settings.aws.endpoint ?? environment["AWS_ENDPOINT_URL_\(service)"] ?? environment["AWS_ENDPOINT_URL"]
    }

    private func parsedReference(_ request: SecretRequest) throws -> SecretsManagerReference {
        do {
            return try SecretsManagerReference.parse(request.reference)
        } catch let error as ReferenceError {
            throw SecretResolutionFailure(message: "\(buildspecPath):\(request.line): env.secrets-manager.\(request.variable): \(error)")
        }
    }

    private func failure(_ request: SecretRequest, _ what: String) -> SecretResolutionFailure {
        let section = request.store == .parameterStore ? "parameter-store" : "secrets-manager"
        return SecretResolutionFailure(
            message: "\(buildspecPath):\(request.line): env.\(section).\(request.variable): secret \(request.reference) \(what)")
    }

    private var parameterStoreName: String {
        settings.parameterStore == "aws" ? "AWS SSM Parameter Store" : "the local secret store"
    }

    private var secretsManagerName: String {
        settings.secretsManager == "aws" ? "AWS Secrets Manager" : "the local secret store"
    }

    private func hint(_ store: SecretRequest.Store, _ name: String) -> String {
        let provider = store == .parameterStore ? settings.parameterStore : settings.secretsManager
        return provider == "aws" ? "" : " (add it with: slipway secrets put \(name))"
    }
}
