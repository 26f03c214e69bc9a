#if canImport(Glibc)
import Glibc
#endif

/// The result of running a short command to completion.
package struct CommandResult: Sendable {
    /// How the command ended.
    package let termination: Termination
    /// Standard output.
    package let output: [UInt8]
    /// Standard error.
    package let errorOutput: [UInt8]

    /// True when the command exited 0.
    package var succeeded: Bool { termination == .exited(0) }
    /// Standard output as text, trailing newlines removed.
    package var outputText: String { trimmedText(output) }
    /// Standard error as text, trailing newlines removed.
    package var errorText: String { trimmedText(errorOutput) }

    private func trimmedText(_ bytes: [UInt8]) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}

/// Runs a command with an argument array (never a shell string), feeding `input` on stdin and
/// collecting stdout and stderr. For short tool invocations such as `docker` or `git`.
package enum CommandRunner {
    package static func run(
        _ executable: String,
        _ arguments: [String],
        input: [UInt8] = [],
        environment: [String: String]? = nil,
        workingDirectory: String? = nil,
        onOutput: ((ArraySlice<UInt8>) -> Void)? = nil
    ) throws -> CommandResult {
        guard let path = ProcessEnvironment.findExecutable(executable, path: environment?["PATH"]) else {
            throw SystemError("find", "executable \(executable) in PATH", code: ENOENT)
        }
        let stdin = try makePipe()
        let stdout = try makePipe()
        let stderr = try makePipe()
        let child = try ChildProcess.spawn(
            executable: path, arguments: arguments,
            environment: environment ?? ProcessEnvironment.current(),
            workingDirectory: workingDirectory,
            standardInput: stdin.read.raw, standardOutput: stdout.write.raw, standardError: stderr.write.raw)
        stdin.read.close()
        stdout.write.close()
        stderr.write.close()
        var output: [UInt8] = []
        var errorOutput: [UInt8] = []
        try pumpUntilClosed(input: input, stdin: stdin.write, stdout: stdout.read, stderr: stderr.read) { isError, bytes in
            if isError {
                errorOutput.append(contentsOf: bytes)
            } else {
                output.append(contentsOf: bytes)
                onOutput?(bytes)
            }
        }
        return CommandResult(termination: child.wait(), output: output, errorOutput: errorOutput)
    }

    private static func pumpUntilClosed(
        input: [UInt8], stdin: FileDescriptor, stdout: FileDescriptor, stderr: FileDescriptor,
        deliver: (Bool, ArraySlice<UInt8>) -> Void
    ) throws {
        var pending = input[...]
        if pending.isEmpty { stdin.close() } else { stdin.setNonBlocking() }
        var buffer = [UInt8](repeating: 0, count: 65536)
        var open = (out: true, err: true)
        while open.out || open.err {
            var fds: [pollfd] = []
            if open.out { fds.append(pollfd(fd: stdout.raw, events: Int16(POLLIN), revents: 0)) }
            if open.err { fds.append(pollfd(fd: stderr.raw, events: Int16(POLLIN), revents: 0)) }
            if stdin.raw >= 0 { fds.append(pollfd(fd: stdin.raw, events: Int16(POLLOUT), revents: 0)) }
            if Glibc.poll(&fds, nfds_t(fds.count), -1) < 0 {
                if errno == EINTR { continue }
                throw SystemError("poll", "command output")
            }
            for entry in fds where entry.revents != 0 {
                if entry.fd == stdin.raw {
                    let written = pending.withUnsafeBytes { Glibc.write(stdin.raw, $0.baseAddress, $0.count) }
                    if written > 0 { pending = pending.dropFirst(written) }
                    if written < 0 && errno != EAGAIN && errno != EINTR { pending = [] }
                    if pending.isEmpty { stdin.close() }
                    continue
                }
                let count = buffer.withUnsafeMutableBytes { Glibc.read(entry.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    deliver(entry.fd == stderr.raw, buffer[0..<count])
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    if entry.fd == stdout.raw { open.out = false } else { open.err = false }
                }
            }
        }
        stdin.close()
    }
}
