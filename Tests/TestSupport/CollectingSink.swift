import Runner

/// An output sink that keeps everything written to it, for assertions.
package final class CollectingSink: OutputSink, @unchecked Sendable {
    package private(set) var bytes: [UInt8] = []

    package init() {}

    package func write(_ chunk: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: chunk)
    }

    /// Everything written, as text.
    package var text: String { String(decoding: bytes, as: UTF8.self) }
}
