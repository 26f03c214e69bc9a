import Crypto
import Foundation
import Platform
import ZIPFoundation
#if canImport(Glibc)
import Glibc
#endif

/// A file shrank while it was zipped (a background job of the build still writes it).
package struct ArtifactChanged: Error, CustomStringConvertible {
    package let path: String
    package var description: String { "\(path) changed while it was zipped: a background job of the build still writes it" }
}

/// A written artifact zip: where it is, its size and SHA-256, and how many files it holds.
package struct WrittenArtifact: Sendable, Equatable {
    package let path: String
    package let sizeBytes: Int64
    package let sha256: String
    package let fileCount: Int
}

/// Writes one artifact's files into a zip with ZIPFoundation (deflate), reading each file
/// through a descriptor opened beneath the base directory: the zip is written under a temporary
/// name and renamed into place, so a killed build never leaves half an artifact under its name.
package enum ArtifactArchive {
    /// Read size per provider call, and ZIPFoundation's buffer: it zero-fills a buffer of this
    /// size for every entry, so a large one costs more than it saves on small files.
    static let chunk = 64 << 10

    /// `baseDirectory` is the artifact's base inside the checkout (`ArtifactSpec.baseDirectoryInCheckout`).
    package static func write(_ files: [CollectedFile], from sourceDirectory: String, baseDirectory: String,
                              to path: String) throws -> WrittenArtifact {
        let checkout = try FileDescriptor.open(sourceDirectory, flags: openPathOnly | O_DIRECTORY)
        let root = try openBeneath(checkout, baseDirectory, flags: openPathOnly | O_DIRECTORY)
        let temporary = path + ".partial"
        _ = unlink(temporary)
        let archive = try Archive(url: URL(fileURLWithPath: temporary), accessMode: .create)
        do {
            for file in files {
                if let target = file.linkTarget {
                    let bytes = Data(target.utf8)
                    try archive.addEntry(with: file.entry, type: .symlink, uncompressedSize: Int64(bytes.count),
                                         provider: { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) })
                    continue
                }
                let input = try openBeneath(root, file.source, flags: O_RDONLY | O_NONBLOCK)
                var info = stat()
                guard fstat(input.raw, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
                    throw SystemError("read", file.source, code: EINVAL)
                }
                let modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
                try archive.addEntry(with: file.entry, type: .file, uncompressedSize: Int64(info.st_size), modificationDate: modified,
                                     permissions: UInt16(info.st_mode & 0o777), compressionMethod: .deflate, bufferSize: chunk,
                                     provider: { position, size in try read(input, at: position, count: size, name: file.source) })
            }
        } catch {
            _ = unlink(temporary)
            throw error
        }
        let (size, digest) = try digestOf(temporary)
        try moveFile(temporary, to: path)
        return WrittenArtifact(path: path, sizeBytes: size, sha256: digest, fileCount: files.count)
    }

    private static func read(_ input: FileDescriptor, at position: Int64, count: Int, name: String) throws -> Data {
        var data = Data(count: count)
        let got = data.withUnsafeMutableBytes { pread(input.raw, $0.baseAddress, count, off_t(position)) }
        guard got >= 0 else { throw SystemError("read", name) }
        // A file the build's background jobs still change cannot be zipped as it was.
        guard got == count else { throw ArtifactChanged(path: name) }
        return data
    }

    /// The file's size and SHA-256 (hex), read in chunks.
    static func digestOf(_ path: String) throws -> (Int64, String) {
        var hasher = SHA256()
        var size: Int64 = 0
        try copyFile(path, from: &size) { hasher.update(bufferPointer: $0) }
        return (size, hexDigits(hasher.finalize()))
    }
}
