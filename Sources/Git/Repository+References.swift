import CLibGit2

/// A reference name and the object it points to (peeled to a commit for annotated tags when possible).
package struct Reference: Sendable, Equatable {
    /// The full name, e.g. "refs/heads/main".
    package let name: String
    /// The commit the reference points to.
    package let target: ObjectID

    package init(name: String, target: ObjectID) {
        self.name = name
        self.target = target
    }

    /// The short name: "main" for "refs/heads/main", "v1" for "refs/tags/v1".
    package var shortName: String {
        for prefix in ["refs/heads/", "refs/tags/", "refs/remotes/"] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }
}

extension Repository {
    /// Every branch (refs/heads/*) with its tip commit, read straight from loose and packed refs.
    package func branches() throws -> [Reference] {
        try references(matching: "refs/heads/*")
    }

    /// References whose names match a glob such as "refs/tags/*".
    package func references(matching glob: String) throws -> [Reference] {
        var iterator: OpaquePointer?
        try check("git_reference_iterator_glob_new", git_reference_iterator_glob_new(&iterator, pointer, glob))
        defer { git_reference_iterator_free(iterator) }
        var result: [Reference] = []
        while true {
            var reference: OpaquePointer?
            let status = git_reference_next(&reference, iterator)
            if status == GIT_ITEROVER.rawValue { break }
            try check("git_reference_next", status)
            defer { git_reference_free(reference) }
            guard let name = git_reference_name(reference) else { continue }
            if let target = directTarget(reference) {
                result.append(Reference(name: String(cString: name), target: target))
            }
        }
        return result
    }

    /// The commit a full reference name points to, or nil when the reference does not exist.
    package func target(of referenceName: String) throws -> ObjectID? {
        var oid = git_oid()
        let status = git_reference_name_to_id(&oid, pointer, referenceName)
        if status == GIT_ENOTFOUND.rawValue { return nil }
        try check("git_reference_name_to_id", status)
        return ObjectID(oid)
    }

    /// The branch HEAD points at ("main" for refs/heads/main), or nil when HEAD is detached or missing.
    package func headBranch() -> String? {
        var reference: OpaquePointer?
        guard git_reference_lookup(&reference, pointer, "HEAD") == 0 else { return nil }
        defer { git_reference_free(reference) }
        guard git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC,
              let target = git_reference_symbolic_target(reference) else { return nil }
        let name = String(cString: target)
        return name.hasPrefix("refs/heads/") ? String(name.dropFirst("refs/heads/".count)) : nil
    }

    private func directTarget(_ reference: OpaquePointer?) -> ObjectID? {
        if git_reference_type(reference) == GIT_REFERENCE_DIRECT, let oid = git_reference_target(reference) {
            return ObjectID(oid.pointee)
        }
        var resolved: OpaquePointer?
        guard git_reference_resolve(&resolved, reference) == 0 else { return nil }
        defer { git_reference_free(resolved) }
        return git_reference_target(resolved).map { ObjectID($0.pointee) }
    }
}
