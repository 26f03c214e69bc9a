import CSupport
#if canImport(Glibc)
import Glibc
#endif

/// A process named by pid and start time, so that a recycled pid is never mistaken for it.
package struct ProcessIdentity: Sendable, Equatable, Codable {
    /// The pid.
    package let pid: Int32
    /// Start time in clock ticks since boot, from /proc.
    package let startTime: UInt64

    package init(pid: Int32, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }

    /// The calling process.
    package static var current: ProcessIdentity {
        let pid = getpid()
        return ProcessIdentity(pid: pid, startTime: slipway_process_start_time(pid))
    }

    /// True while this exact process is alive (same pid, same start time, not a zombie).
    package var isAlive: Bool {
        let now = slipway_process_start_time(pid)
        return now != 0 && now == startTime
    }
}

/// Process-group operations.
package enum ProcessGroups {
    /// Sends `signal` to every process in group `group`; false when the group is gone.
    @discardableResult
    package static func signal(_ group: pid_t, _ signal: Int32) -> Bool {
        guard group > 1 else { return false }
        return killpg(group, signal) == 0
    }

    /// True while `pid` is a running process (zombies, which only wait to be reaped, do not count).
    package static func isRunning(_ pid: pid_t) -> Bool {
        slipway_process_start_time(pid) != 0
    }

    /// True while any process is a member of the group.
    package static func exists(_ group: pid_t) -> Bool {
        guard group > 1 else { return false }
        return killpg(group, 0) == 0 || errno == EPERM
    }

    /// The process group of `pid`, or nil when the process is gone.
    package static func groupOf(_ pid: pid_t) -> pid_t? {
        let group = slipway_process_group(pid)
        return group > 0 ? group : nil
    }

    /// Pids of live processes whose environment carries `marker` (NAME=VALUE). Processes that left
    /// the build's group (setsid daemons) still inherit the environment, so this finds them too.
    package static func processes(withEnvironmentEntry marker: String) -> [pid_t] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        let needle = Array(marker.utf8)
        var found: [pid_t] = []
        let me = getpid()
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = pid_t(name), pid != me else { continue }
            guard let environment = try? readWholeFile("/proc/\(pid)/environ") else { continue }
            if environment.split(separator: 0).contains(where: { $0.elementsEqual(needle) }) {
                found.append(pid)
            }
        }
        return found
    }
}

/// Ends the process now, without releasing memory first (output already written unbuffered).
package func exitImmediately(_ status: Int32) -> Never {
    exit(status)
}
