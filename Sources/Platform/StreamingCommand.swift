#if canImport(Glibc)
import Glibc
#endif

/// Runs a command with an argument array, its stdout and stderr merged in order into `output`,
/// `input` written to its stdin; returns how it ended and the last `keep` bytes of its output.
package enum StreamingCommand {
    package static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], workingDirectory: String? = nil,
        input: [UInt8] = [], keep: Int = 65536, output: (UnsafeRawBufferPointer) -> Void
    ) throws -> (termination: Termination, tail: [UInt8]) {
        guard let path = ProcessEnvironment.findExecutable(executable, path: environment["PATH"]) else {
            throw SystemError("find", "executable \(executable) in PATH", code: ENOENT)
        }
        let stdin = try makePipe()
        let merged = try makePipe()
        let child = try ChildProcess.spawn(executable: path, arguments: arguments, environment: environment,
                                           workingDirectory: workingDirectory, standardInput: stdin.read.raw,
                                           standardOutput: merged.write.raw, standardError: merged.write.raw)
        stdin.read.close()
        merged.write.close()
        try? stdin.write.writeAll(input)
        stdin.write.close()
        var tail: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(merged.read.raw, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            buffer.withUnsafeBytes { output(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            tail.append(contentsOf: buffer[0..<count])
            if tail.count > keep { tail.removeFirst(tail.count - keep) }
        }
        return (child.wait(), tail)
    }
}
