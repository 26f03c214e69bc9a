/// An AWS call that failed, said so a server admin knows what to do. Never carries a secret value.
package enum AWSError: Error, CustomStringConvertible, Equatable {
    case missingCredentials(profile: String, credentialsFile: String)
    case missingRegion(profile: String)
    /// The service answered with an error (AccessDeniedException, ParameterNotFound, ...).
    case service(code: String, message: String, status: Int)
    /// Throttled on every attempt.
    case throttled(code: String, attempts: Int)
    /// No answer at all.
    case unreachable(endpoint: String, reason: String, attempts: Int)
    case malformedResponse(String)

    package var description: String {
        switch self {
        case let .missingCredentials(profile, file):
            return "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for the worker, or add [\(profile)] to \(file)"
        case .missingRegion(let profile):
            return "no AWS region: set secrets.aws.region in slipway.yml, AWS_REGION, or region in the [\(profile)] profile"
        case let .service(code, message, status):
            return "\(code) (HTTP \(status)): \(message)"
        case let .throttled(code, attempts):
            return "AWS kept throttling (\(code)) after \(attempts) attempts with backoff; try again later or raise the account's limits"
        case let .unreachable(endpoint, reason, attempts):
            return "\(endpoint) could not be reached after \(attempts) attempts (\(reason)); check secrets.aws.endpoint, the network and the region"
        case .malformedResponse(let what):
            return "unexpected answer from AWS: \(what)"
        }
    }

    /// True for AccessDenied-style answers.
    package var isAccessDenied: Bool {
        if case let .service(code, _, status) = self {
            return status == 403 || ["AccessDenied", "UnrecognizedClient", "InvalidClientTokenId", "InvalidSignature",
                                     "SignatureDoesNotMatch", "ExpiredToken"].contains { code.contains($0) }
        }
        return false
    }
}
