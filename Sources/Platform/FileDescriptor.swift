import CSupport
#if canImport(Glibc)
import Glibc
#endif

/// An owned file descriptor that closes itself when released.
package final class FileDescriptor: @unchecked Sendable {
    /// The raw descriptor number; -1 once closed.
    package private(set) var raw: Int32

    package init(raw: Int32) {
        self.raw = raw
    }

    deinit {
        close()
    }

    /// Gives up ownership without closing (for descriptors such as 0, 1 and 2).
    package func release() {
        raw = -1
    }

    /// Closes the descriptor now; later calls do nothing.
    package func close() {
        if raw >= 0 {
            _ = Glibc.close(raw)
            raw = -1
        }
    }

    /// Opens `path` with the given flags and creation mode; always close-on-exec.
    package static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws -> FileDescriptor {
        let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw SystemError("open", path) }
        return FileDescriptor(raw: fd)
    }

    /// Writes all of `bytes`, retrying on short writes and EINTR.
    package func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        try writeAll(pieces: [bytes])
    }

    /// Writes all bytes of an array.
    package func writeAll(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try writeAll($0) }
    }

    /// Writes the UTF-8 bytes of a string.
    package func writeAll(_ text: String) throws {
        var copy = text
        try copy.withUTF8 { try writeAll(UnsafeRawBufferPointer($0)) }
    }

    /// Switches the descriptor to non-blocking mode.
    package func setNonBlocking() {
        let flags = fcntl(raw, F_GETFL)
        _ = fcntl(raw, F_SETFL, flags | O_NONBLOCK)
    }

    /// Flushes written data to stable storage.
    package func sync() {
        _ = fsync(raw)
    }

    /// Starts writing `length` bytes from `offset` to disk and returns at once, so a later
    /// `sync()` has little left to wait for.
    package func startWriteback(offset: Int64, length: Int64) {
        _ = slipway_start_writeback(raw, offset, length)
    }

    /// Reserves disk space for `length` bytes from `offset` without changing the file's size, so
    /// writes there skip the file system's per-block reservation. Best effort: false where the
    /// file system cannot. `trimPreallocation()` gives back what was not used.
    @discardableResult
    package func preallocate(offset: Int64, length: Int64) -> Bool {
        slipway_preallocate(raw, offset, length) == 0
    }

    /// Frees blocks reserved past the end of the file (truncates it to its own size), when it
    /// holds clearly more than its size: also after a writer that died before trimming.
    package func trimPreallocation() {
        var info = stat()
        guard fstat(raw, &info) == 0, Int64(info.st_blocks) * 512 > Int64(info.st_size) + (1 << 20) else { return }
        _ = ftruncate(raw, info.st_size)
    }
}

/// Creates a pipe whose two ends are close-on-exec.
package func makePipe() throws -> (read: FileDescriptor, write: FileDescriptor) {
    var fds: [Int32] = [0, 0]
    guard slipway_pipe_cloexec(&fds) == 0 else { throw SystemError("pipe", "") }
    return (FileDescriptor(raw: fds[0]), FileDescriptor(raw: fds[1]))
}
