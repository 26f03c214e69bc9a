import Foundation
import History
import Platform
import SlipwayModel

/// History and queue listings, as text lines and as stable JSON.
package enum RunListing {
    /// `#1  main  3f2a9c1  FAILED  4.2s`
    package static func line(_ run: RunRecord, now: Int64 = Clock.nowMilliseconds()) -> String {
        var parts = ["#\(run.id)", run.branch, String(run.newSha.prefix(7)), run.status.rawValue]
        if let duration = run.durationMilliseconds {
            parts.append(Clock.describeDuration(milliseconds: duration))
        } else if run.status == .inProgress, let started = run.startedAt {
            parts.append("running \(Clock.describeDuration(milliseconds: now - started))")
            if let pid = run.workerPid { parts.append("worker pid \(pid)") }
        } else if run.status == .queued {
            parts.append("queued \(Clock.describeDuration(milliseconds: now - run.queuedAt)) ago")
        }
        if let superseded = run.supersededBy { parts.append("by #\(superseded)") }
        if let subject = run.subject, !subject.isEmpty { parts.append(subject) }
        return parts.joined(separator: "  ")
    }

    /// One run as a JSON object (the keys of `slipway history --json`), with the images it pushed.
    package static func jsonObject(_ run: RunRecord, images: [ImageRow] = []) -> [String: Any] {
        var object: [String: Any] = [
            "number": run.id,
            "branch": run.branch,
            "ref": run.ref,
            "refKind": run.refKind.rawValue,
            "sha": run.newSha,
            "previousSha": run.oldSha,
            "status": run.status.rawValue,
            "trigger": run.trigger.rawValue,
            "initiator": run.initiator,
            "queueMode": run.queueMode,
            "queuedAt": Clock.iso8601(run.queuedAt),
            "attempt": run.attempt,
            "pruned": run.pruned,
        ]
        object["report"] = run.reportPath ?? NSNull()
        object["log"] = run.logPath ?? NSNull()
        object["startedAt"] = run.startedAt.map(Clock.iso8601) ?? NSNull()
        object["finishedAt"] = run.finishedAt.map(Clock.iso8601) ?? NSNull()
        object["durationMs"] = run.durationMilliseconds ?? NSNull()
        object["subject"] = run.subject ?? NSNull()
        object["author"] = run.author ?? NSNull()
        object["error"] = run.error ?? NSNull()
        object["supersededBy"] = run.supersededBy ?? NSNull()
        object["retryOf"] = run.retryOf ?? NSNull()
        object["workerPid"] = run.status == .inProgress ? (run.workerPid.map { Int($0) } ?? NSNull()) : NSNull()
        object["images"] = images.map { image -> [String: Any] in
            ["reference": image.reference, "digest": image.digest ?? NSNull(), "sizeBytes": image.sizeBytes ?? NSNull(),
             "status": image.status, "note": image.note ?? NSNull()]
        }
        return object
    }

    /// A JSON array of runs, keys sorted, pretty-printed; `images` gives each run's pushed images.
    package static func json(_ runs: [RunRecord], images: (RunRecord) throws -> [ImageRow] = { _ in [] }) throws -> String {
        let objects = try runs.map { jsonObject($0, images: try images($0)) }
        let data = try JSONSerialization.data(withJSONObject: objects,
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
