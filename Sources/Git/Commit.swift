import CLibGit2

/// Who made a commit and when.
package struct Signature: Sendable, Equatable {
    /// The person's name.
    package let name: String
    /// The e-mail address.
    package let email: String
    /// Seconds since the Unix epoch.
    package let time: Int64
    /// Minutes east of UTC.
    package let offsetMinutes: Int32

    init(_ raw: UnsafePointer<git_signature>, decoding: TextDecoding) {
        name = decoding.decode(raw.pointee.name)
        email = decoding.decode(raw.pointee.email)
        time = raw.pointee.when.time
        offsetMinutes = raw.pointee.when.offset
    }

    package init(name: String, email: String, time: Int64, offsetMinutes: Int32 = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }
}

/// A commit copied out of libgit2 into plain values.
package struct Commit: Sendable, Equatable {
    /// The commit's id.
    package let id: ObjectID
    /// Parent ids, first parent first.
    package let parents: [ObjectID]
    /// The full message, decoded as described by `TextDecoding`.
    package let message: String
    /// The author.
    package let author: Signature
    /// The committer.
    package let committer: Signature
    /// The message's size in bytes as stored.
    package let messageByteCount: Int

    /// The first line of the message.
    package var subject: String {
        let trimmed = message.drop { $0 == "\n" || $0 == "\r" }
        return String(trimmed.prefix { $0 != "\n" && $0 != "\r" })
    }

    /// True for merge commits (more than one parent).
    package var isMerge: Bool { parents.count > 1 }

    init(_ commit: OpaquePointer) {
        id = ObjectID(git_commit_id(commit).pointee)
        let count = git_commit_parentcount(commit)
        parents = (0..<count).compactMap { index in
            git_commit_parent_id(commit, index).map { ObjectID($0.pointee) }
        }
        let decoding = TextDecoding(declaredEncoding: git_commit_message_encoding(commit).map { String(cString: $0) })
        let raw = git_commit_message_raw(commit)
        messageByteCount = raw.map { strlenSafe($0) } ?? 0
        message = decoding.decode(git_commit_message(commit))
        author = Signature(git_commit_author(commit), decoding: decoding)
        committer = Signature(git_commit_committer(commit), decoding: decoding)
    }
}

/// What a changelog reads from a commit: lighter than `Commit` (no committer, no parent ids),
/// for walks over tens of thousands of commits.
package struct CommitText: Sendable, Equatable {
    package let id: ObjectID
    package let parentCount: Int
    /// The full message, decoded as described by `TextDecoding`.
    package let message: String
    package let authorName: String
    package let authorEmail: String

    init(_ commit: OpaquePointer) {
        id = ObjectID(git_commit_id(commit).pointee)
        parentCount = Int(git_commit_parentcount(commit))
        let decoding = TextDecoding(declaredEncoding: git_commit_message_encoding(commit).map { String(cString: $0) })
        message = decoding.decode(git_commit_message(commit))
        let author = git_commit_author(commit)
        authorName = decoding.decode(author?.pointee.name)
        authorEmail = decoding.decode(author?.pointee.email)
    }
}

/// How commit text is turned into Swift strings. Git stores bytes; most are UTF-8, some
/// repositories declare another encoding (`encoding ISO-8859-1` in the commit header), and some
/// contain invalid bytes. Valid UTF-8 is taken as is; text declared as an 8-bit encoding is read
/// as Latin-1; anything else has its invalid bytes replaced with U+FFFD. Nothing is dropped.
struct TextDecoding {
    let readsLatin1: Bool

    private static let latin1Names: Set<String> = ["iso-8859-1", "iso8859-1", "latin1", "latin-1", "iso-8859-15", "cp1252",
                                                   "windows-1252"]

    init(declaredEncoding: String?) {
        readsLatin1 = declaredEncoding.map { TextDecoding.latin1Names.contains($0.lowercased()) } ?? false
    }

    func decode(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        let length = strlenSafe(pointer)
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: length)
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        if readsLatin1 {
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

func strlenSafe(_ pointer: UnsafePointer<CChar>) -> Int {
    var length = 0
    while pointer[length] != 0 { length += 1 }
    return length
}
