import Foundation
import Platform

/// Secrets kept on the build server: one JSON file of mode 0600 in a directory of mode 0700,
/// rewritten atomically (temporary file, fsync, rename) under a lock.
package struct LocalSecretStore: Sendable {
    package let directory: String
    package var file: String { directory + "/store.json" }

    package init(directory: String) {
        self.directory = directory
    }

    /// The value of a secret, or nil.
    package func value(_ name: String) throws -> String? {
        try load()[name]
    }

    /// Every secret's name, sorted.
    package func names() throws -> [String] {
        try load().keys.sorted()
    }

    /// Every secret's value (for masking: whatever the store holds is hidden wherever Slipway
    /// publishes text, whether or not a build asked for it).
    package func values() throws -> [String] {
        Array(try load().values)
    }

    /// Adds or replaces a secret.
    package func put(_ name: String, value: String) throws {
        guard !name.isEmpty, !name.contains(where: \.isNewline) else { throw LocalStoreError.invalidName(name) }
        try update { $0[name] = value }
    }

    /// Removes a secret; false when there was none.
    @discardableResult
    package func remove(_ name: String) throws -> Bool {
        var existed = false
        try update { existed = $0.removeValue(forKey: name) != nil }
        return existed
    }

    private func update(_ change: (inout [String: String]) -> Void) throws {
        try prepareDirectory()
        let lock = try FileLock.acquire(directory + "/.lock")
        defer { lock.release() }
        var secrets = try load()
        change(&secrets)
        let data = try JSONSerialization.data(withJSONObject: secrets, options: [.sortedKeys, .prettyPrinted])
        try writeFileAtomically(file, Array(data), mode: 0o600)
    }

    private func prepareDirectory() throws {
        try makeDirectories(directory, mode: 0o700)
        _ = chmod(directory, 0o700)
    }

    private func load() throws -> [String: String] {
        guard fileExists(file) else { return [:] }
        let bytes = try readWholeFile(file)
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: String] else {
            throw LocalStoreError.corrupt(file)
        }
        return object
    }
}

/// Local store problems.
package enum LocalStoreError: Error, CustomStringConvertible, Equatable {
    case invalidName(String)
    case corrupt(String)

    package var description: String {
        switch self {
        case .invalidName: return "a secret name must be non-empty and on one line"
        case .corrupt(let file): return "\(file) is not a JSON object of names to strings; restore it from a backup"
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
