import CLibGit2

extension Repository {
    /// True when `ancestor` is `descendant` or is reachable from it.
    package func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws -> Bool {
        if ancestor == descendant { return true }
        var a = descendant.raw
        var b = ancestor.raw
        return try check("git_graph_descendant_of", git_graph_descendant_of(pointer, &a, &b)) == 1
    }

    /// The best common ancestor of two commits, or nil when they share no history.
    package func mergeBase(_ first: ObjectID, _ second: ObjectID) throws -> ObjectID? {
        var out = git_oid()
        var a = first.raw
        var b = second.raw
        let status = git_merge_base(&out, pointer, &a, &b)
        if status == GIT_ENOTFOUND.rawValue { return nil }
        try check("git_merge_base", status)
        return ObjectID(out)
    }
}
