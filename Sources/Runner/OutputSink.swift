import Platform

/// Where a build's output goes: raw bytes of commands, and the runner's own `[Container]` lines,
/// in the order they happened. The caller masks and stores them.
package protocol OutputSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer)
    /// False when the last byte written was not a newline (a command's output without a final
    /// one): the next `[Container]` line then starts on a line of its own.
    var endsAtLineStart: Bool { get }
}

extension OutputSink {
    package var endsAtLineStart: Bool { true }

    /// Writes text as UTF-8.
    package func write(text: String) {
        var copy = text
        copy.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }
}

/// Writes CodeBuild-style runner lines: `[Container] 2021/08/27 12:27:30 Entering phase BUILD`.
package struct ContainerLog {
    let sink: OutputSink

    package init(sink: OutputSink) {
        self.sink = sink
    }

    /// Writes one `[Container]` line stamped with the current UTC time.
    package func line(_ message: String) {
        sink.write(text: Self.text(message, atLineStart: sink.endsAtLineStart))
    }

    /// The text of a `[Container]` line stamped now, on a line of its own after output that
    /// did not end one (`atLineStart` false).
    package static func text(_ message: String, atLineStart: Bool) -> String {
        (atLineStart ? "" : "\n") + "[Container] \(Clock.logTimestamp(Clock.nowMilliseconds())) \(message)\n"
    }
}
