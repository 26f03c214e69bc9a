import Masking
@testable import Pipeline
import Platform
import Runner
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Log writer: masked, stored whole, no disk space kept past the end")
struct LogWriterTests {
    private func fileStatus(_ path: String) throws -> stat {
        var info = stat()
        guard stat(path, &info) == 0 else { throw TestFailure("cannot stat \(path)") }
        return info
    }

    @Test("a 40 MiB log with a secret across every chunk boundary is masked whole, and reserved space is given back")
    func longLog() throws {
        let scratch = ScratchDirectory("logwriter")
        let path = scratch.file("logs/1.log")
        let secrets = RunSecrets()
        let log = try LogWriter(path: path, secrets: secrets)
        let secret = Array("s3cret-value-0123456789".utf8)
        secrets.add([String(decoding: secret, as: UTF8.self)])
        let filler = [UInt8](repeating: UInt8(ascii: "x"), count: (1 << 20) - 10)
        var expected: [UInt8] = []
        for chunk in 0..<40 {
            // Every chunk ends with the first 10 bytes of the secret; the next starts with the rest.
            let head = chunk == 0 ? [] : Array(secret[10...])
            let tail = chunk == 39 ? [] : Array(secret[..<10])
            (head + filler + tail).withUnsafeBytes { log.write($0) }
            expected += (chunk == 0 ? [] : Array("***".utf8)) + filler
        }
        log.finish()
        let stored = try readWholeFile(path)
        let masked = stored == expected
        #expect(masked, "the log holds \(stored.count) bytes, \(expected.count) expected")
        let info = try fileStatus(path)
        #expect(Int(info.st_size) == expected.count)
        #expect(Int64(info.st_blocks) * 512 <= Int64(info.st_size) + (1 << 20), "the space reserved ahead is given back")
    }

    @Test("space reserved past the end by a writer that died is given back by the next one")
    func trimsLeftovers() throws {
        let scratch = ScratchDirectory("logwriter")
        let path = scratch.file("2.log")
        let crashed = try FileDescriptor.open(path, flags: O_WRONLY | O_CREAT, mode: 0o600)
        try crashed.writeAll("before the crash\n")
        try #require(crashed.preallocate(offset: 0, length: 32 << 20), "this file system cannot preallocate")
        crashed.close()
        #expect(try fileStatus(path).st_blocks * 512 >= 32 << 20)
        let recovered = try LogWriter(path: path)
        recovered.write(text: "recovered\n")
        recovered.finish()
        let info = try fileStatus(path)
        #expect(try readTextFile(path) == "before the crash\nrecovered\n")
        #expect(info.st_blocks * 512 <= 1 << 20)
    }

    @Test("more pieces than one writev takes are all written, in order")
    func manyPieces() throws {
        let scratch = ScratchDirectory("logwriter")
        let path = scratch.file("pieces.txt")
        let file = try FileDescriptor.open(path, flags: O_WRONLY | O_CREAT, mode: 0o600)
        let words = (0..<3000).map { Array("piece \($0)\n".utf8) }
        let storage = words.map { word -> UnsafeMutableRawBufferPointer in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: word.count, alignment: 1)
            buffer.copyBytes(from: word)
            return buffer
        }
        defer { storage.forEach { $0.deallocate() } }
        try file.writeAll(pieces: storage.map { UnsafeRawBufferPointer($0) } + [UnsafeRawBufferPointer(start: nil, count: 0)])
        file.close()
        #expect(try readTextFile(path) == words.map { String(decoding: $0, as: UTF8.self) }.joined())
    }
}
