import CLibGit2

/// Commits reachable from some tips and not from others, newest first (topological, then by time).
/// Reads one commit at a time, so a walk over a long history holds one commit in memory.
package final class RevisionWalk: @unchecked Sendable {
    private let repository: Repository
    private let walker: OpaquePointer

    init(repository: Repository, including: [ObjectID], excluding: [ObjectID], firstParentOnly: Bool) throws {
        self.repository = repository
        var raw: OpaquePointer?
        try check("git_revwalk_new", git_revwalk_new(&raw, repository.pointer))
        guard let raw else { throw GitError(function: "git_revwalk_new", code: -1, message: "no walker") }
        walker = raw
        // git_revwalk_sorting replaces the mode; both flags must be given together.
        try check("git_revwalk_sorting",
                  git_revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue))
        if firstParentOnly { try check("git_revwalk_simplify_first_parent", git_revwalk_simplify_first_parent(walker)) }
        for id in including {
            var oid = id.raw
            try check("git_revwalk_push", git_revwalk_push(walker, &oid))
        }
        for id in excluding {
            var oid = id.raw
            try check("git_revwalk_hide", git_revwalk_hide(walker, &oid))
        }
    }

    deinit {
        git_revwalk_free(walker)
    }

    /// The next commit, or nil at the end of the walk.
    package func next() throws -> Commit? {
        guard let oid = try nextID() else { return nil }
        return try repository.withCommit(raw: oid) { Commit($0) }
    }

    /// The next commit's id, message and author, or nil at the end of the walk (cheaper than `next()`).
    package func nextText() throws -> CommitText? {
        guard let oid = try nextID() else { return nil }
        return try repository.withCommit(raw: oid) { CommitText($0) }
    }

    private func nextID() throws -> git_oid? {
        var oid = git_oid()
        let status = git_revwalk_next(&oid, walker)
        if status == GIT_ITEROVER.rawValue { return nil }
        try check("git_revwalk_next", status)
        return oid
    }

    /// Calls `body` for each commit until the walk ends or `body` returns false.
    package func forEach(_ body: (Commit) throws -> Bool) throws {
        while let commit = try next() {
            if try !body(commit) { return }
        }
    }
}

extension Repository {
    /// Walks commits reachable from `including` but not from `excluding`.
    package func walk(including: [ObjectID], excluding: [ObjectID] = [], firstParentOnly: Bool = false) throws -> RevisionWalk {
        try RevisionWalk(repository: self, including: including, excluding: excluding, firstParentOnly: firstParentOnly)
    }
}
