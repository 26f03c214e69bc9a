import CLibGit2

/// A libgit2 failure: the function that failed, its code, and libgit2's own message.
package struct GitError: Error, CustomStringConvertible, Equatable {
    /// The libgit2 function that failed, e.g. "git_commit_lookup".
    package let function: String
    /// The libgit2 return code (GIT_ENOTFOUND, ...).
    package let code: Int32
    /// libgit2's message, read right after the failing call.
    package let message: String

    package var description: String { "\(function): \(message)" }

    /// True when libgit2 said the object or reference does not exist.
    package var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }
}

/// Runs a libgit2 call and turns a negative result into a `GitError`, reading
/// `git_error_last()` in the same synchronous call, before anything else can overwrite it.
@discardableResult
func check(_ function: String, _ result: Int32) throws -> Int32 {
    guard result < 0 else { return result }
    var message = "unknown error"
    if let last = git_error_last(), let text = last.pointee.message {
        message = String(cString: text)
    }
    throw GitError(function: function, code: result, message: message)
}
