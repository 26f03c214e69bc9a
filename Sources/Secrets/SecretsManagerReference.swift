/// CodeBuild's Secrets Manager reference: `secret-id:json-key:version-stage:version-id`, where
/// only secret-id is required, version-stage and version-id exclude each other, and secret-id
/// may be a full ARN (whose own colons belong to it: arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME).
package struct SecretsManagerReference: Sendable, Equatable {
    package let secretId: String
    package let jsonKey: String?
    package let versionStage: String?
    package let versionId: String?

    package init(secretId: String, jsonKey: String? = nil, versionStage: String? = nil, versionId: String? = nil) {
        self.secretId = secretId
        self.jsonKey = jsonKey
        self.versionStage = versionStage
        self.versionId = versionId
    }

    /// Parses a reference; the error says what is wrong.
    package static func parse(_ reference: String) throws -> SecretsManagerReference {
        var parts = reference.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let secretId: String
        if parts.first == "arn" {
            guard parts.count >= 7, parts[2] == "secretsmanager", parts[5] == "secret", !parts[6].isEmpty else {
                throw ReferenceError(reference: reference,
                                     reason: "an ARN secret id must look like arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME")
            }
            secretId = parts[0...6].joined(separator: ":")
            parts.removeFirst(7)
        } else {
            secretId = parts.removeFirst()
        }
        guard !secretId.isEmpty else { throw ReferenceError(reference: reference, reason: "the secret id is empty") }
        guard parts.count <= 3 else {
            throw ReferenceError(reference: reference, reason: "too many ':' parts; the form is secret-id:json-key:version-stage:version-id")
        }
        func part(_ index: Int) -> String? {
            index < parts.count && !parts[index].isEmpty ? parts[index] : nil
        }
        let result = SecretsManagerReference(secretId: secretId, jsonKey: part(0), versionStage: part(1), versionId: part(2))
        if result.versionStage != nil && result.versionId != nil {
            throw ReferenceError(reference: reference, reason: "give a version-stage or a version-id, not both")
        }
        return result
    }

    /// The secret's name: the id itself, or for an ARN the part after "secret:".
    package var name: String {
        guard secretId.hasPrefix("arn:") else { return secretId }
        return secretId.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false).last.map(String.init) ?? secretId
    }
}

/// A Secrets Manager reference that cannot be parsed.
package struct ReferenceError: Error, CustomStringConvertible, Equatable {
    package let reference: String
    package let reason: String
    package var description: String { "secrets-manager reference '\(reference)': \(reason)" }
}
