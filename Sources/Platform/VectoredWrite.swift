#if canImport(Glibc)
import Glibc
#endif

extension FileDescriptor {
    /// Linux's limit on pieces per `writev` (IOV_MAX, which Swift does not import).
    static let vectorLimit = 1024

    /// Writes every piece, in order, with as few `writev` calls as the kernel allows; retries on
    /// short writes and EINTR.
    package func writeAll(pieces: [UnsafeRawBufferPointer]) throws {
        try Self.writeAll(pieces: pieces, to: raw)
    }

    /// The same, to a raw descriptor this process does not own (such as a terminal).
    package static func writeAll(pieces: [UnsafeRawBufferPointer], to descriptor: Int32) throws {
        var vectors = pieces.compactMap { piece -> iovec? in
            guard let base = piece.baseAddress, !piece.isEmpty else { return nil }
            return iovec(iov_base: UnsafeMutableRawPointer(mutating: base), iov_len: piece.count)
        }
        var first = 0
        while first < vectors.count {
            let batch = min(vectors.count - first, Self.vectorLimit)
            let written = vectors.withUnsafeBufferPointer { writev(descriptor, $0.baseAddress.map { $0 + first }, Int32(batch)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw SystemError("writev", "descriptor \(descriptor)")
            }
            // Skip the pieces written whole, then trim the one the kernel stopped inside.
            var remaining = written
            while first < vectors.count && remaining >= vectors[first].iov_len {
                remaining -= vectors[first].iov_len
                first += 1
            }
            if remaining > 0 {
                vectors[first].iov_base += remaining
                vectors[first].iov_len -= remaining
            }
        }
    }
}
