#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock and monotonic time helpers.
package enum Clock {
    /// Milliseconds since the Unix epoch.
    package static func nowMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// Monotonic milliseconds, for measuring durations and deadlines.
    package static func monotonicMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// Formats epoch milliseconds as "YYYY/MM/DD HH:MM:SS" in UTC (CodeBuild's log style).
    package static func logTimestamp(_ milliseconds: Int64) -> String {
        format(milliseconds, "%Y/%m/%d %H:%M:%S")
    }

    /// Formats epoch milliseconds as ISO 8601 in UTC, e.g. 2026-11-21T08:13:48Z.
    package static func iso8601(_ milliseconds: Int64) -> String {
        format(milliseconds, "%Y-%m-%dT%H:%M:%SZ")
    }

    /// Formats epoch milliseconds with a strftime pattern in UTC.
    package static func format(_ milliseconds: Int64, _ pattern: String) -> String {
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, pattern, &parts)
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Sleeps for the given number of microseconds.
    package static func sleep(microseconds: Int) {
        var request = timespec(tv_sec: microseconds / 1_000_000, tv_nsec: (microseconds % 1_000_000) * 1000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }

    /// Sleeps for the given number of milliseconds.
    package static func sleep(milliseconds: Int) {
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }

    /// Human duration: "850ms", "4.2s", "3m 05s", "1h 02m".
    package static func describeDuration(milliseconds: Int64) -> String {
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        if milliseconds < 60_000 {
            let tenths = (milliseconds + 50) / 100
            return "\(tenths / 10).\(tenths % 10)s"
        }
        let seconds = milliseconds / 1000
        if seconds < 3600 {
            let rest = seconds % 60
            return "\(seconds / 60)m \(rest < 10 ? "0" : "")\(rest)s"
        }
        let minutes = (seconds / 60) % 60
        return "\(seconds / 3600)h \(minutes < 10 ? "0" : "")\(minutes)m"
    }
}
