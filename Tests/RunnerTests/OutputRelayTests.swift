@testable import Runner
import Platform
import TestSupport
import Testing

@Suite("Output relay: reading and storing on two threads")
struct OutputRelayTests {
    /// A sink that takes its time, so the reader runs out of free buffers and has to wait.
    final class SlowSink: OutputSink, @unchecked Sendable {
        var bytes: [UInt8] = []
        func write(_ chunk: UnsafeRawBufferPointer) {
            Clock.sleep(microseconds: 200)
            bytes.append(contentsOf: chunk)
        }
    }

    @Test("chunks reach the sink in order, with buffers reused, and all of them before finish returns")
    func keepsOrder() {
        let sink = SlowSink()
        let relay = OutputRelay(sink: sink, bufferCount: 3, bufferSize: 64)
        var expected: [UInt8] = []
        for chunk in 0..<500 {
            let size = 1 + chunk % 64
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: chunk &* 31 &+ $0) }
            expected += bytes
            let count = relay.fill { buffer in
                buffer.copyBytes(from: bytes)
                return bytes.count
            }
            #expect(count == size)
        }
        #expect(relay.fill { _ in 0 } == 0, "an empty read hands nothing on")
        relay.finish()
        #expect(sink.bytes == expected)
    }
}
