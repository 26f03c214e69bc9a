/// One line git gives a post-receive hook: `<old-sha> <new-sha> <ref>`.
package struct RefUpdate: Sendable, Equatable {
    package static let zeroSha = String(repeating: "0", count: 40)

    package let oldSha: String
    package let newSha: String
    package let ref: String

    package init(oldSha: String, newSha: String, ref: String) {
        self.oldSha = oldSha
        self.newSha = newSha
        self.ref = ref
    }

    /// The ref did not exist before this push.
    package var isCreation: Bool { oldSha == Self.zeroSha }
    /// The push deleted the ref.
    package var isDeletion: Bool { newSha == Self.zeroSha }

    /// Parses one line; the error says what is wrong with it.
    package static func parse(_ line: String) -> Result<RefUpdate, RefUpdateError> {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count == 3 else {
            return .failure(.malformed(line: line, reason: "expected three fields, '<old-sha> <new-sha> <ref>', found \(fields.count)"))
        }
        let (old, new, ref) = (String(fields[0]), String(fields[1]), String(fields[2]))
        for sha in [old, new] where !isFullSha(sha) {
            if sha.utf8.count == 64 && sha.utf8.allSatisfy(isHexDigit) {
                return .failure(.malformed(line: line, reason: "SHA-256 object ids are not supported (libgit2 1.5 reads SHA-1 repositories)"))
            }
            return .failure(.malformed(line: line, reason: "'\(sha)' is not a full 40-digit hex SHA"))
        }
        guard ref.hasPrefix("refs/") else {
            return .failure(.malformed(line: line, reason: "'\(ref)' is not a full ref name (refs/...)"))
        }
        return .success(RefUpdate(oldSha: old.lowercased(), newSha: new.lowercased(), ref: ref))
    }

    /// True for exactly 40 hex digits.
    package static func isFullSha(_ text: String) -> Bool {
        text.utf8.count == 40 && text.utf8.allSatisfy(isHexDigit)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }
}

/// A ref-update line that cannot be understood.
package enum RefUpdateError: Error, Equatable, CustomStringConvertible {
    case malformed(line: String, reason: String)

    package var description: String {
        switch self {
        case let .malformed(line, reason): return "ignoring malformed line \"\(line)\": \(reason)"
        }
    }
}
