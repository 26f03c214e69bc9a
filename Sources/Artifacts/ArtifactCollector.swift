import BuildSpec
import Platform
#if canImport(Glibc)
import Glibc
#endif

/// One file of an artifact: where it is under the base directory, and where it goes in the zip.
package struct CollectedFile: Sendable, Equatable {
    /// The path under the base directory.
    package let source: String
    /// The path inside the zip (the file name alone with `discard-paths`).
    package let entry: String
    /// The link's target, when the file is a symbolic link stored as one (`enable-symlinks`).
    package let linkTarget: String?
}

/// Finds an artifact's files in a checkout the build controls. Everything is opened beneath
/// the checkout (openat2 RESOLVE_BENEATH), so a link the build planted never makes the server
/// read its own files: a link out of the checkout is left out with a warning, as is a link to a
/// directory (it is not walked), unless `enable-symlinks` stores links as links.
package struct ArtifactCollector {
    let sourceDirectory: String
    let spec: ArtifactSpec

    package init(sourceDirectory: String, spec: ArtifactSpec) {
        self.sourceDirectory = sourceDirectory
        self.spec = spec
    }

    /// The files, in path order, and what was left out; throws when the base directory cannot be opened.
    package func collect() throws -> (files: [CollectedFile], warnings: [String]) {
        let checkout = try FileDescriptor.open(sourceDirectory, flags: openPathOnly | O_DIRECTORY)
        let base = spec.baseDirectoryInCheckout
        let root = try openBeneath(checkout, base, flags: O_RDONLY | O_DIRECTORY)
        let patterns = spec.files.map(ArtifactPattern.init)
        let excluded = spec.excludePaths.map(ArtifactPattern.init)
        var files: [CollectedFile] = []
        var warnings: [String] = []
        var seenEntries: [String: String] = [:]
        func visit(_ relative: [String], taken: Bool) {
            let path = relative.joined(separator: "/")
            guard let names = try? listDirectory(at: root, path.isEmpty ? "." : path) else { return }
            for name in names.sorted() {
                let child = relative + [name]
                let childPath = child.joined(separator: "/")
                if excluded.contains(where: { $0.matches(child) }) { continue }
                var info = stat()
                guard fstatat(root.raw, childPath, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                let wanted = taken || patterns.contains { $0.matches(child) }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    visit(child, taken: taken || patterns.contains { $0.namesDirectory(child) })
                case S_IFREG where wanted:
                    add(childPath, linkTarget: nil)
                case S_IFLNK where wanted:
                    if spec.enableSymlinks {
                        add(childPath, linkTarget: linkTarget(root, childPath))
                    } else if let problem = linkProblem(checkout: checkout, base: base, childPath) {
                        warnings.append("\(childPath) is left out of \(spec.defaultName): \(problem)")
                    } else {
                        add(childPath, linkTarget: nil)
                    }
                default:
                    continue
                }
            }
        }
        func add(_ path: String, linkTarget: String?) {
            let entry = spec.discardPaths ? String(path.split(separator: "/").last ?? "") : path
            if let earlier = seenEntries[entry] {
                warnings.append("\(path) and \(earlier) are both \(entry) with discard-paths; the zip keeps the first")
                return
            }
            seenEntries[entry] = path
            files.append(CollectedFile(source: path, entry: entry, linkTarget: linkTarget))
        }
        visit([], taken: false)
        return (files, warnings)
    }

    private func linkTarget(_ root: FileDescriptor, _ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlinkat(root.raw, path, &buffer, buffer.count - 1)
        return count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
    }

    /// Why a link cannot be followed: it leads out of the checkout, nowhere, or to a directory.
    private func linkProblem(checkout: FileDescriptor, base: String, _ path: String) -> String? {
        do {
            let target = try openBeneath(checkout, base + "/" + path, flags: O_RDONLY | O_NONBLOCK)
            var info = stat()
            guard fstat(target.raw, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
                return "it is a link to a directory or a special file (set enable-symlinks: yes to keep it as a link)"
            }
            return nil
        } catch let error as SystemError where error.code == EXDEV {
            return "it is a link that leads out of the checkout"
        } catch {
            return "it is a link to nothing (\(error))"
        }
    }
}

/// The names in a directory under `root` (opened beneath it), without `.` and `..`.
func listDirectory(at root: FileDescriptor, _ path: String) throws -> [String] {
    let directory = try openBeneath(root, path, flags: O_RDONLY | O_DIRECTORY)
    guard let stream = fdopendir(dup(directory.raw)) else { throw SystemError("opendir", path) }
    defer { closedir(stream) }
    var names: [String] = []
    while let entry = readdir(stream) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}
