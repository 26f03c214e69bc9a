import Foundation

/// AWS SSM Parameter Store: GetParameters with decryption, ten names per call.
package struct ParameterStoreClient: Sendable {
    let client: AWSJSONClient

    package init(environment: AWSEnvironment, endpoint: String?) {
        client = AWSJSONClient(service: "ssm", targetPrefix: "AmazonSSM", environment: environment, endpoint: endpoint)
    }

    /// Values by name; names that do not exist are absent from the result.
    package func values(_ names: [String]) throws -> [String: String] {
        var values: [String: String] = [:]
        for start in stride(from: 0, to: names.count, by: 10) {
            let batch = Array(names[start..<min(start + 10, names.count)])
            let answer = try client.call("GetParameters", ["Names": batch, "WithDecryption": true])
            for parameter in answer["Parameters"] as? [[String: Any]] ?? [] {
                if let name = parameter["Name"] as? String, let value = parameter["Value"] as? String {
                    values[name] = value
                }
            }
        }
        return values
    }
}

/// AWS Secrets Manager: GetSecretValue.
package struct SecretsManagerClient: Sendable {
    let client: AWSJSONClient

    package init(environment: AWSEnvironment, endpoint: String?) {
        client = AWSJSONClient(service: "secretsmanager", targetPrefix: "secretsmanager", environment: environment,
                               endpoint: endpoint)
    }

    /// The secret's string, or nil when it does not exist.
    package func secretString(_ reference: SecretsManagerReference) throws -> String? {
        var body: [String: Any] = ["SecretId": reference.secretId]
        if let stage = reference.versionStage { body["VersionStage"] = stage }
        if let id = reference.versionId { body["VersionId"] = id }
        do {
            let answer = try client.call("GetSecretValue", body)
            guard let string = answer["SecretString"] as? String else {
                throw AWSError.malformedResponse("secret \(reference.secretId) is binary (SecretBinary); Slipway reads SecretString only")
            }
            return string
        } catch AWSError.service(let code, _, _) where code == "ResourceNotFoundException" {
            return nil
        }
    }
}
