import CLibGit2

extension Repository {
    /// Attaches `text` as the note of commit `id` under `notesReference` (e.g. "refs/notes/slipway"),
    /// replacing an existing note, so `git log --notes=slipway` shows it.
    package func writeNote(_ text: String, on id: ObjectID, notesReference: String, author: Signature) throws {
        var signature: UnsafeMutablePointer<git_signature>?
        try check("git_signature_new",
                  git_signature_new(&signature, author.name, author.email, author.time, author.offsetMinutes))
        defer { git_signature_free(signature) }
        var target = id.raw
        var noteId = git_oid()
        try check("git_note_create",
                  git_note_create(&noteId, pointer, notesReference, signature, signature, &target, text, 1))
    }

    /// The note of commit `id` under `notesReference`, or nil when there is none.
    package func readNote(on id: ObjectID, notesReference: String) throws -> String? {
        var note: OpaquePointer?
        var target = id.raw
        let status = git_note_read(&note, pointer, notesReference, &target)
        if status == GIT_ENOTFOUND.rawValue { return nil }
        try check("git_note_read", status)
        defer { git_note_free(note) }
        return git_note_message(note).map { String(cString: $0) }
    }
}
