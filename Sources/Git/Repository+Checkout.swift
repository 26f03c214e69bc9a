import CLibGit2
#if canImport(Glibc)
import Glibc
#endif

extension Repository {
    /// Checks out commit `id` into `directory`, which must not exist yet.
    ///
    /// The directory becomes its own small repository that borrows this repository's objects
    /// (objects/info/alternates, as `git clone --shared` does) with HEAD detached at `id`, so
    /// `git rev-parse HEAD` and `git log` work inside a build, while the build's own refs and
    /// index never touch the server's repository. Nothing is copied but the files of the tree.
    package func checkOut(_ id: ObjectID, into directory: String) throws {
        guard hasCommit(id) else {
            throw GitError(function: "git_commit_lookup", code: GIT_ENOTFOUND.rawValue,
                           message: "commit \(id.hex) is not in \(gitDirectory)")
        }
        let work = try Repository.create(directory, bare: false)
        let objects = gitDirectory + "/objects"
        let alternates = work.gitDirectory + "/objects/info/alternates"
        try writeSmallFile(alternates, objects + "\n")
        // Reopen so the object database sees the alternate.
        let borrowed = try Repository.open(directory)
        var oid = id.raw
        try check("git_repository_set_head_detached", git_repository_set_head_detached(borrowed.pointer, &oid))
        var options = git_checkout_options()
        try check("git_checkout_options_init", git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)))
        options.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue
        try check("git_checkout_head", git_checkout_head(borrowed.pointer, &options))
        _ = work
    }

    private func writeSmallFile(_ path: String, _ text: String) throws {
        guard let file = fopen(path, "w") else {
            throw GitError(function: "fopen", code: -1, message: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        fputs(text, file)
    }
}
