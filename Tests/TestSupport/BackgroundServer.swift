import Platform
#if canImport(Glibc)
import Glibc
#endif

/// A server process started by a test and killed when the value goes away.
package final class BackgroundServer: @unchecked Sendable {
    package let process: ChildProcess
    /// The first line the server printed (its port, for servers that print it).
    package let firstLine: String
    /// Kept open for the server's life: a closed pipe would kill it with SIGPIPE on its next write.
    private let output: FileDescriptor?

    /// Starts `executable`; with `readsFirstLine`, waits (up to 20 s) for its first line of output.
    package init(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                 readsFirstLine: Bool = true) throws {
        let pipe = try makePipe()
        var env = ProcessEnvironment.current()
        for (key, value) in environment { env[key] = value }
        guard let path = ProcessEnvironment.findExecutable(executable) else { throw TestFailure("\(executable) is not installed") }
        process = try ChildProcess.spawn(executable: path, arguments: arguments, environment: env,
                                         standardOutput: readsFirstLine ? pipe.write.raw : -1, standardError: -1, group: .newGroup)
        pipe.write.close()
        output = readsFirstLine ? pipe.read : nil
        var line: [UInt8] = []
        var byte: UInt8 = 0
        let deadline = Clock.monotonicMilliseconds() + (readsFirstLine ? 20_000 : 0)
        while Clock.monotonicMilliseconds() < deadline {
            var entry = pollfd(fd: pipe.read.raw, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 200) > 0 else { continue }
            if read(pipe.read.raw, &byte, 1) != 1 || byte == 0x0A { break }
            line.append(byte)
        }
        firstLine = String(decoding: line, as: UTF8.self)
    }

    /// Waits until `url` answers any HTTP status (up to 20 s).
    package func waitUntilAnswering(_ url: String) throws {
        let deadline = Clock.monotonicMilliseconds() + 20_000
        while Clock.monotonicMilliseconds() < deadline {
            if let result = try? runCommand("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", url]),
               result.outputText != "000" { return }
            Clock.sleep(milliseconds: 100)
        }
        throw TestFailure("\(url) did not answer")
    }

    deinit {
        ProcessGroups.signal(process.pid, SIGKILL)
        _ = process.wait()
    }
}

/// A free TCP port on 127.0.0.1.
package func freeLoopbackPort() throws -> Int {
    let result = try runCommand("python3", ["-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
    guard let port = Int(result.outputText) else { throw TestFailure("no free port: \(result.errorText)") }
    return port
}
