import Pipeline
import Platform
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Shell state in memory: /dev/shm, only when it is this user's alone")
struct SessionMemoryTests {
    /// A scratch directory on the shared-memory tmpfs, standing in for /dev/shm itself.
    private func memoryRoot() throws -> String {
        var template = Array("/dev/shm/slipway-memory-test-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw SystemError("mkdtemp", "/dev/shm")
        }
        return String(cString: made)
    }

    @Test("the directory is made 0700 on a memory filesystem and used again; a disk filesystem is not used")
    func madePrivate() throws {
        let root = try memoryRoot()
        defer { try? removeTree(root) }
        let path = try #require(SessionMemory.privateDirectory(in: root))
        #expect(path == root + "/slipway-\(geteuid())")
        var info = stat()
        #expect(lstat(path, &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect(SessionMemory.privateDirectory(in: root) == path, "found again")
        // The package's checkout is on a disk (unless a CI machine keeps it in memory): nothing is made there.
        let disk = currentDirectory()
        if !isMemoryFileSystem(disk) {
            #expect(SessionMemory.privateDirectory(in: disk) == nil && !fileExists(disk + "/slipway-\(geteuid())"))
        }
    }

    @Test("a directory of that name left open to others, made by another user, or a link, is refused")
    func refusesOthers() throws {
        let root = try memoryRoot()
        defer { try? removeTree(root) }
        let path = root + "/slipway-\(geteuid())"
        #expect(mkdir(path, 0o777) == 0 && chmod(path, 0o777) == 0)
        #expect(SessionMemory.privateDirectory(in: root) == nil, "mode 0777: another user could read the secrets in it")
        #expect(rmdir(path) == 0 && symlink("/tmp", path) == 0)
        #expect(SessionMemory.privateDirectory(in: root) == nil, "a symbolic link planted in its place")
        #expect(unlink(path) == 0 && mkdir(path, 0o700) == 0)
        if geteuid() == 0 {
            #expect(chown(path, 65534, 65534) == 0)
            #expect(SessionMemory.privateDirectory(in: root) == nil, "owned by another user")
        }
    }
}
