import YAMLSchema

extension SettingsLoader {
    /// The sizes `logs.max-size` accepts.
    static let logSizeRange: ClosedRange<Int64> = (64 << 10)...(1 << 40)

    /// `logs:` — `max-size`, the most one run's log may hold (default 1 GiB).
    static func readLogs(_ logs: MappingReader, into settings: inout SlipwaySettings, log: DiagnosticLog) {
        logs.rejectUnknownKeys(known: ["max-size"])
        guard let (text, location) = logs.text("max-size") else { return }
        guard let bytes = parseByteSize(text) else {
            log.error("'logs.max-size' must be a size such as 512MiB, 1GiB or 200MB (or bytes), found '\(text)'", at: location)
            return
        }
        guard logSizeRange.contains(bytes) else {
            log.error("'logs.max-size' must be between 64KiB and 1TiB, found '\(text)'", at: location)
            return
        }
        settings.logMaxBytes = bytes
    }

    /// Bytes for "1048576", "512k", "512KiB", "200MB" (powers of 1000), "1G", "1GiB" (powers
    /// of 1024); nil for anything else or an overflow.
    package static func parseByteSize(_ text: String) -> Int64? {
        let trimmed = text.trimmingSpaces()
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int64(digits) else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimmingSpaces().lowercased()
        let multipliers: [String: Int64] = [
            "": 1, "b": 1,
            "k": 1 << 10, "kib": 1 << 10, "kb": 1_000,
            "m": 1 << 20, "mib": 1 << 20, "mb": 1_000_000,
            "g": 1 << 30, "gib": 1 << 30, "gb": 1_000_000_000,
            "t": 1 << 40, "tib": 1 << 40, "tb": 1_000_000_000_000,
        ]
        guard let multiplier = multipliers[unit] else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : bytes
    }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
