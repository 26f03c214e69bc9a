import CSupport
#if canImport(Glibc)
import Glibc
#endif

/// Where a spawned child goes in the process-group tree.
package enum ProcessGroupPlacement: Sendable, Equatable {
    /// Stay in the parent's group.
    case inherit
    /// Start a new session, whose id is the child's pid (setsid).
    case newSession
    /// Start a new process group in the current session, whose id is the child's pid.
    case newGroup
    /// Join an existing process group.
    case join(pid_t)

    var rawValue: Int32 {
        switch self {
        case .inherit: return SLIPWAY_GROUP_INHERIT
        case .newSession: return SLIPWAY_GROUP_NEW_SESSION
        case .newGroup: return SLIPWAY_GROUP_NEW_GROUP
        case .join(let group): return group
        }
    }
}

/// How a finished child ended.
package enum Termination: Sendable, Equatable {
    case exited(Int32)
    case signalled(Int32)

    /// The shell-style status: the exit code, or 128 + signal.
    package var code: Int32 {
        switch self {
        case .exited(let code): return code
        case .signalled(let signal): return 128 + signal
        }
    }
}

/// A child process started with `ChildProcess.spawn`.
package struct ChildProcess: Sendable {
    /// The child's pid.
    package let pid: pid_t

    /// Starts `executable` (an absolute path) with arguments and environment.
    /// Standard descriptors default to /dev/null; nothing else of ours leaks into the child.
    /// `parentDeathSignal` (if not 0) is sent to the child when the calling thread dies.
    /// `startAfterProcess` (if not 0) delays the program until that process has exited (30 s at most).
    /// `namespaces` runs the program inside a sandbox's namespaces, with no capabilities (the
    /// returned process is an intermediate that ends as the program ends; see `NamespaceSet`).
    package static func spawn(
        executable: String,
        arguments: [String],
        environment: [String: String],
        workingDirectory: String? = nil,
        standardInput: Int32 = -1,
        standardOutput: Int32 = -1,
        standardError: Int32 = -1,
        group: ProcessGroupPlacement = .inherit,
        parentDeathSignal: Int32 = 0,
        startAfterProcess: pid_t = 0,
        namespaces: NamespaceSet? = nil
    ) throws -> ChildProcess {
        let argv = CStringArray([executable] + arguments)
        let envp = CStringArray(environment.map { "\($0.key)=\($0.value)" })
        var failure: Int32 = 0
        if let namespaces {
            let pid = argv.withPointers { argvPointer in
                envp.withPointers { envpPointer in
                    namespaces.descriptors.withUnsafeBufferPointer { fds in
                        slipway_spawn_in_namespaces(executable, argvPointer, envpPointer, workingDirectory, standardInput,
                                                    standardOutput, standardError, group.rawValue, fds.baseAddress,
                                                    Int32(fds.count), &failure)
                    }
                }
            }
            guard pid > 0 else { throw SystemError("spawn", executable, code: failure) }
            return ChildProcess(pid: pid)
        }
        let pid = argv.withPointers { argvPointer in
            envp.withPointers { envpPointer in
                if let workingDirectory {
                    return workingDirectory.withCString { cwd in
                        slipway_spawn(executable, argvPointer, envpPointer, cwd, standardInput, standardOutput,
                                      standardError, group.rawValue, parentDeathSignal, startAfterProcess, &failure)
                    }
                }
                return slipway_spawn(executable, argvPointer, envpPointer, nil, standardInput, standardOutput,
                                     standardError, group.rawValue, parentDeathSignal, startAfterProcess, &failure)
            }
        }
        guard pid > 0 else {
            throw SystemError("spawn", executable, code: failure)
        }
        return ChildProcess(pid: pid)
    }

    /// Waits for the child to end and reaps it.
    package func wait() -> Termination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .exited(-1) }
        }
        return Termination(waitStatus: status)
    }

    /// Reaps the child if it has ended; nil while it is still running.
    package func poll() -> Termination? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        return Termination(waitStatus: status)
    }
}

extension Termination {
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        if signal == 0 {
            self = .exited((status >> 8) & 0xff)
        } else {
            self = .signalled(signal)
        }
    }
}

/// NULL-terminated C string arrays built from Swift strings, valid inside `withPointers`.
struct CStringArray {
    private let strings: [String]

    init(_ strings: [String]) {
        self.strings = strings
    }

    func withPointers<Result>(_ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result) -> Result {
        let pointers = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { pointers[index] = strdup(string) }
        pointers[strings.count] = nil
        defer {
            for index in 0..<strings.count { free(pointers[index]) }
            pointers.deallocate()
        }
        return body(UnsafePointer(pointers))
    }
}
