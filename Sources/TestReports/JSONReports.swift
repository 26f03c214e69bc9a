import Foundation
import Pipeline

/// The two JSON formats. Cucumber's and SimpleCov's files are read whole: they are a
/// feature list and a per-file line array, not a stream of millions of cases.
enum JSONReports {
    /// The file's JSON; a problem names the byte offset's line when Foundation gives one.
    static func load(_ path: String) throws -> Any {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReportFileProblem(line: nil, message: "it cannot be read")
        }
        do {
            return try JSONSerialization.jsonObject(with: data)
        } catch {
            let index = (error as NSError).userInfo["NSJSONSerializationErrorIndex"] as? Int
            let line = index.map { offset in data.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 } }
            throw ReportFileProblem(line: line, message: "not valid JSON")
        }
    }

    /// Cucumber JSON: features hold `elements` (scenarios; backgrounds are not tests) whose
    /// `steps` have `result.status` and a `duration` in nanoseconds. A scenario fails when a
    /// step fails, and is skipped when a step is skipped, pending or undefined.
    static func cucumber(_ path: String) throws -> TestTally {
        guard let features = try load(path) as? [[String: Any]] else {
            throw ReportFileProblem(line: 1, message: "Cucumber JSON is a list of features")
        }
        var tally = TestTally()
        for feature in features {
            let featureName = feature["name"] as? String ?? feature["uri"] as? String ?? ""
            for scenario in feature["elements"] as? [[String: Any]] ?? [] where (scenario["type"] as? String) != "background" {
                var outcome = TestTally.Outcome.passed
                var nanoseconds = 0.0
                var message = ""
                for step in (scenario["before"] as? [[String: Any]] ?? []) + (scenario["steps"] as? [[String: Any]] ?? [])
                    + (scenario["after"] as? [[String: Any]] ?? []) {
                    let result = step["result"] as? [String: Any] ?? [:]
                    nanoseconds += (result["duration"] as? NSNumber)?.doubleValue ?? 0
                    switch result["status"] as? String ?? "" {
                    case "failed":
                        if outcome != .failed {
                            outcome = .failed
                            let keyword = (step["keyword"] as? String ?? "").trimmingWhitespace
                            message = "\(keyword) \(step["name"] as? String ?? "")".trimmingWhitespace
                                + "\n" + (result["error_message"] as? String ?? "")
                        }
                    case "skipped", "pending", "undefined", "ambiguous":
                        if outcome == .passed { outcome = .skipped }
                    default:
                        break
                    }
                }
                let firstLine = TestTally.firstLine(message)
                tally.add(outcome, seconds: nanoseconds / 1e9, suite: featureName, name: scenario["name"] as? String ?? "",
                          message: firstLine, details: String(message.drop { $0 != "\n" }.dropFirst()))
            }
        }
        return tally
    }

    /// SimpleCov: simplecov-json's `coverage.json` (`metrics.covered_lines` / `total_lines`),
    /// or the `.resultset.json` SimpleCov always writes (per file, a line array: null is not
    /// code, 0 is a missed line).
    static func simpleCov(_ path: String) throws -> CoverageCounts {
        guard let root = try load(path) as? [String: Any] else {
            throw ReportFileProblem(line: 1, message: "SimpleCov JSON is an object")
        }
        if let metrics = root["metrics"] as? [String: Any],
           let covered = (metrics["covered_lines"] as? NSNumber)?.intValue, let total = (metrics["total_lines"] as? NSNumber)?.intValue {
            return CoverageCounts(linesCovered: covered, linesTotal: total)
        }
        var counts = CoverageCounts()
        var found = false
        for case let suite as [String: Any] in root.values {
            guard let files = suite["coverage"] as? [String: Any] else { continue }
            found = true
            for file in files.values {
                let lines = (file as? [String: Any])?["lines"] as? [Any] ?? file as? [Any] ?? []
                for case let hits as NSNumber in lines {
                    counts.linesTotal += 1
                    if hits.intValue > 0 { counts.linesCovered += 1 }
                }
            }
        }
        guard found else { throw ReportFileProblem(line: nil, message: "no SimpleCov metrics or coverage in it") }
        return counts
    }
}
