#if canImport(Glibc)
import Glibc
#endif

/// Reads a whole file into memory.
package func readWholeFile(_ path: String, followingSymlinks: Bool = true) throws -> [UInt8] {
    // A file a build could have replaced with a symlink is read with O_NOFOLLOW: the server
    // must never read a host file through a link a sandboxed build planted, nor wait forever
    // on a named pipe planted there: such a file is opened without blocking and must be a file.
    let fd = try FileDescriptor.open(path, flags: followingSymlinks ? O_RDONLY : O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
    if !followingSymlinks {
        var info = stat()
        if fstat(fd.raw, &info) != 0 || (info.st_mode & S_IFMT) != S_IFREG { throw SystemError("read", path, code: EINVAL) }
    }
    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = chunk.withUnsafeMutableBytes { Glibc.read(fd.raw, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            throw SystemError("read", path)
        }
        if count == 0 { break }
        result.append(contentsOf: chunk[0..<count])
    }
    return result
}

/// Reads a UTF-8 text file; invalid bytes become U+FFFD.
package func readTextFile(_ path: String) throws -> String {
    String(decoding: try readWholeFile(path), as: UTF8.self)
}

/// Writes a file atomically: a temporary file in the same directory, fsync, then rename.
/// Readers see either the old or the new content, never a torn file. `durable: false` skips
/// the fsync, for files that need not survive a crash (a build's next command script).
package func writeFileAtomically(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644, durable: Bool = true) throws {
    let temporary = "\(path).tmp.\(getpid())"
    // Never through a link or into a file someone else left there: the directory may be a
    // build's own (its shell state), and the build could plant a symlink at the temporary name.
    _ = unlink(temporary)
    let fd = try FileDescriptor.open(temporary, flags: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: mode)
    do {
        _ = fchmod(fd.raw, mode)
        try fd.writeAll(bytes)
        if durable { fd.sync() }
        fd.close()
        guard rename(temporary, path) == 0 else { throw SystemError("rename", path) }
    } catch {
        unlink(temporary)
        throw error
    }
}

/// Writes a UTF-8 text file atomically.
package func writeTextFileAtomically(_ path: String, _ text: String, mode: mode_t = 0o644, durable: Bool = true) throws {
    try writeFileAtomically(path, Array(text.utf8), mode: mode, durable: durable)
}

/// Creates a directory and its parents (mkdir -p) with the given mode for new directories.
package func makeDirectories(_ path: String, mode: mode_t = 0o755) throws {
    if isDirectory(path) { return }
    let parent = parentDirectory(path)
    if parent != path && !parent.isEmpty { try makeDirectories(parent, mode: mode) }
    if mkdir(path, mode) != 0 && errno != EEXIST { throw SystemError("mkdir", path) }
}

/// True when `path` names a directory (following symlinks).
package func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
}

/// True when `path` exists.
package func fileExists(_ path: String) -> Bool {
    access(path, F_OK) == 0
}

/// The names in a directory (without "." and ".."), in no particular order.
package func listDirectory(_ path: String) throws -> [String] {
    guard let directory = opendir(path) else { throw SystemError("opendir", path) }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}

/// Removes a file or a whole directory tree; missing paths are fine.
package func removeTree(_ path: String) throws {
    var info = stat()
    guard lstat(path, &info) == 0 else { return }
    if (info.st_mode & S_IFMT) == S_IFDIR {
        for name in (try? listDirectory(path)) ?? [] { try removeTree("\(path)/\(name)") }
        // Builds may leave read-only directories behind (Go module caches do).
        _ = chmod(path, 0o700)
        if rmdir(path) != 0 && errno != ENOENT { throw SystemError("rmdir", path) }
    } else if unlink(path) != 0 && errno != ENOENT {
        throw SystemError("unlink", path)
    }
}

/// The directory part of a path ("/a/b" → "/a", "b" → ".").
package func parentDirectory(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    if slash == path.startIndex { return "/" }
    return String(path[..<slash])
}

/// Joins path components with "/".
package func joinPath(_ base: String, _ components: String...) -> String {
    components.reduce(base) { result, next in
        if next.hasPrefix("/") { return next }
        return result.hasSuffix("/") ? result + next : result + "/" + next
    }
}

/// Makes a path absolute against the current directory, and removes "." and ".." segments.
package func absolutePath(_ path: String, relativeTo base: String? = nil) -> String {
    let start = path.hasPrefix("/") ? path : joinPath(base ?? currentDirectory(), path)
    var parts: [Substring] = []
    for part in start.split(separator: "/") {
        if part == "." || part.isEmpty { continue }
        if part == ".." { _ = parts.popLast(); continue }
        parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
}

/// The current working directory.
package func currentDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return "/" }
    return String(cString: buffer)
}

/// The absolute path of the running executable (/proc/self/exe).
package func currentExecutablePath() -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard count > 0 else { return CommandLine.arguments.first ?? "slipway" }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Passes the bytes of `path` from `position` to its current end to `write`, in pieces, moving
/// `position` past each piece written: after a failure it says how far the copy got.
package func copyFile(_ path: String, from position: inout Int64, to write: (UnsafeRawBufferPointer) -> Void) throws {
    let file = try FileDescriptor.open(path, flags: O_RDONLY | O_CLOEXEC)
    defer { file.close() }
    var buffer = [UInt8](repeating: 0, count: 256 * 1024)
    while true {
        let count = buffer.withUnsafeMutableBytes { pread(file.raw, $0.baseAddress, $0.count, off_t(position)) }
        if count < 0 && errno == EINTR { continue }
        if count < 0 { throw SystemError("read", path) }
        if count == 0 { return }
        buffer.withUnsafeBytes { write(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        position += Int64(count)
    }
}

/// Renames a file (same file system).
package func moveFile(_ source: String, to destination: String) throws {
    guard rename(source, destination) == 0 else { throw SystemError("rename", "\(source) to \(destination)") }
}
