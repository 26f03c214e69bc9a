/// Problems that stop a build before or outside its phases. Each says what to do.
package enum PipelineError: Error, CustomStringConvertible, Equatable {
    case invalidSha(String)
    case commitMissing(sha: String, ref: String)
    case noBuildspec(path: String, sha: String)
    case invalidBuildspec(path: String, diagnostics: [String])
    case checkoutFailed(sha: String, reason: String)
    case branchNotFound(String)

    package var description: String {
        switch self {
        case .invalidSha(let sha):
            return "'\(sha)' is not a full 40-digit commit SHA"
        case let .commitMissing(sha, ref):
            return "commit \(sha) of \(ref) is not in the repository (was it deleted and garbage-collected?); push it again"
        case let .noBuildspec(path, sha):
            return "commit \(sha.prefix(7)) has no \(path); add one at the repository root (or set 'buildspec:' or 'images:' in slipway.yml)"
        case let .invalidBuildspec(path, diagnostics):
            return "\(path) has errors; fix them and push again:\n" + diagnostics.map { "    " + $0 }.joined(separator: "\n")
        case let .checkoutFailed(sha, reason):
            return "could not check out \(sha): \(reason)"
        case .branchNotFound(let branch):
            return "branch '\(branch)' does not exist in the repository; `git branch -a` lists the branches"
        }
    }
}
