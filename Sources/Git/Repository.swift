import CLibGit2
#if canImport(Glibc)
import Glibc
#endif

/// A git repository opened with libgit2. Only this type holds libgit2 pointers; everything it
/// returns is a plain Swift value. Use one instance from one thread at a time.
package final class Repository: @unchecked Sendable {
    let pointer: OpaquePointer

    /// The git directory (for a bare repository, the repository itself), without a trailing slash.
    package let gitDirectory: String
    /// True for a bare repository.
    package let isBare: Bool

    private init(pointer: OpaquePointer) {
        self.pointer = pointer
        var path = String(cString: git_repository_path(pointer))
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        gitDirectory = path
        isBare = git_repository_is_bare(pointer) == 1
    }

    deinit {
        git_repository_free(pointer)
    }

    /// Opens the repository at `path`: a bare repository, a git directory, or a work tree.
    /// Does not search parent directories.
    package static func open(_ path: String) throws -> Repository {
        Libgit2.start()
        var raw: OpaquePointer?
        try check("git_repository_open_ext",
                  git_repository_open_ext(&raw, path, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil))
        guard let raw else { throw GitError(function: "git_repository_open_ext", code: -1, message: "no repository") }
        return Repository(pointer: raw)
    }

    /// Creates a new empty repository (bare or with a work tree) at `path`.
    package static func create(_ path: String, bare: Bool) throws -> Repository {
        Libgit2.start()
        var raw: OpaquePointer?
        try check("git_repository_init", git_repository_init(&raw, path, bare ? 1 : 0))
        guard let raw else { throw GitError(function: "git_repository_init", code: -1, message: "no repository") }
        return Repository(pointer: raw)
    }

    /// Looks up a commit by id.
    package func commit(_ id: ObjectID) throws -> Commit {
        try withCommit(id) { Commit($0) }
    }

    /// Resolves a revision expression (a SHA, a short SHA, a branch or tag name, "HEAD~2"...) to a commit id.
    package func resolveCommit(_ revision: String) throws -> ObjectID {
        var object: OpaquePointer?
        try check("git_revparse_single", git_revparse_single(&object, pointer, revision))
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check("git_object_peel", git_object_peel(&commit, object, GIT_OBJECT_COMMIT))
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit).pointee)
    }

    /// True when a commit with this id exists in the object database.
    package func hasCommit(_ id: ObjectID) -> Bool {
        (try? withCommit(id) { _ in true }) ?? false
    }

    /// Reads the blob at `path` in the tree of commit `id`; nil when there is no such file.
    package func readFile(_ path: String, at id: ObjectID) throws -> [UInt8]? {
        try withCommit(id) { commit in
            var tree: OpaquePointer?
            try check("git_commit_tree", git_commit_tree(&tree, commit))
            defer { git_tree_free(tree) }
            var current = path
            // A symbolic link inside the tree is followed, as a checkout would; one that leaves it is refused.
            for _ in 0..<TreeLinkError.maximumHops {
                guard let (bytes, isLink) = try blob(at: current, in: tree) else { return nil }
                guard isLink else { return bytes }
                let target = String(decoding: bytes, as: UTF8.self)
                guard let resolved = Self.resolve(link: target, from: current) else {
                    throw TreeLinkError.leavesTree(path: path, link: current, target: target)
                }
                current = resolved
            }
            throw TreeLinkError.tooManyLinks(path: path)
        }
    }

    /// The blob at `path` in `tree` and whether it is a symbolic link; nil when there is none.
    private func blob(at path: String, in tree: OpaquePointer?) throws -> (bytes: [UInt8], isLink: Bool)? {
        var entry: OpaquePointer?
        let found = git_tree_entry_bypath(&entry, tree, path)
        if found == GIT_ENOTFOUND.rawValue { return nil }
        try check("git_tree_entry_bypath", found)
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
        let isLink = git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK
        var blob: OpaquePointer?
        try check("git_blob_lookup", git_blob_lookup(&blob, pointer, git_tree_entry_id(entry)))
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let content = git_blob_rawcontent(blob) else { return ([], isLink) }
        return (Array(UnsafeRawBufferPointer(start: content, count: size)), isLink)
    }

    /// The tree path a link at `path` pointing to `target` names, or nil when it leaves the tree.
    static func resolve(link target: String, from path: String) -> String? {
        guard !target.hasPrefix("/") else { return nil }
        var parts = path.split(separator: "/").dropLast().map(String.init)
        for part in target.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    func withCommit<Result>(_ id: ObjectID, _ body: (OpaquePointer) throws -> Result) throws -> Result {
        try withCommit(raw: id.raw, body)
    }

    func withCommit<Result>(raw: git_oid, _ body: (OpaquePointer) throws -> Result) throws -> Result {
        var oid = raw
        var commit: OpaquePointer?
        try check("git_commit_lookup", git_commit_lookup(&commit, pointer, &oid))
        guard let commit else { throw GitError(function: "git_commit_lookup", code: -1, message: "no commit") }
        defer { git_commit_free(commit) }
        return try body(commit)
    }
}

/// A file of the tree is a symbolic link Slipway will not follow.
package enum TreeLinkError: Error, CustomStringConvertible, Equatable {
    /// Links followed before giving up (a loop).
    static let maximumHops = 8

    case leavesTree(path: String, link: String, target: String)
    case tooManyLinks(path: String)

    package var description: String {
        switch self {
        case let .leavesTree(path, link, target):
            let via = link == path ? "" : " (through \(link))"
            return "\(path) is a symbolic link to \(target)\(via), which is outside the repository; Slipway reads only files "
                + "of the commit: make it a regular file, or a link to a file inside the repository"
        case .tooManyLinks(let path):
            return "\(path) is a chain of more than \(Self.maximumHops) symbolic links (a loop?); make it a regular file"
        }
    }
}
