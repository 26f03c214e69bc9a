import CLibGit2
#if canImport(Glibc)
import Glibc
#endif

extension Repository {
    /// Fetches branches and tags from `remote` (a configured remote name, a URL or a path) into
    /// this repository's own refs/heads/* and refs/tags/*, pruning deleted branches, so a
    /// mirror on this host follows a repository that lives elsewhere.
    package func fetchMirror(from remote: String) throws {
        var handle: OpaquePointer?
        if git_remote_lookup(&handle, pointer, remote) != 0 {
            try check("git_remote_create_anonymous", git_remote_create_anonymous(&handle, pointer, remote))
        }
        defer { git_remote_free(handle) }
        var options = git_fetch_options()
        try check("git_fetch_options_init", git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)))
        options.prune = GIT_FETCH_PRUNE
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL
        let refspecs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"]
        try withStrArray(refspecs) { array in
            try check("git_remote_fetch", git_remote_fetch(handle, &array, &options, "slipway poll --fetch"))
        }
    }

    private func withStrArray(_ strings: [String], _ body: (inout git_strarray) throws -> Void) throws {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        try pointers.withUnsafeMutableBufferPointer { buffer in
            var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            try body(&array)
        }
    }
}
