#if canImport(Glibc)
import Glibc
#endif

/// Hands heavy build output from the thread that reads the pipe to a thread that passes it to
/// the sink (which masks and stores it), so reading the next chunk overlaps with masking and
/// writing the last one. The pipe's lock lets either the build write into the pipe or Slipway
/// read from it, never both at once; a reader that also masks and writes keeps the build
/// waiting longer.
///
/// The reader fills one of a few fixed buffers and the other thread empties them in order, so
/// memory stays flat and the order of the output is kept. `finish()` returns once everything
/// handed on is in the sink; until then nothing else may write to the sink.
final class OutputRelay: @unchecked Sendable {
    private let sink: OutputSink
    private let buffers: [UnsafeMutableRawBufferPointer]
    private var lengths: [Int]
    private let lock = ConditionLock()
    private var nextToFill = 0
    private var nextToDrain = 0
    private var filled = 0
    private var closed = false
    private var thread = pthread_t()
    private var started = false

    /// A relay with `bufferCount` buffers of `bufferSize` bytes; its thread starts at once.
    init(sink: OutputSink, bufferCount: Int = 4, bufferSize: Int = 1 << 20) {
        self.sink = sink
        buffers = (0..<bufferCount).map { _ in
            UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 64)
        }
        lengths = Array(repeating: 0, count: bufferCount)
        let context = Unmanaged.passRetained(self).toOpaque()
        started = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            Unmanaged<OutputRelay>.fromOpaque(context).takeRetainedValue().drainLoop()
            return nil
        }, context) == 0
        if !started { Unmanaged<OutputRelay>.fromOpaque(context).release() }
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
    }

    /// Lets `read` fill the next free buffer (waiting for one if all are in use) and hands on
    /// what it read; returns `read`'s result (0 or less: nothing was read).
    func fill(_ read: (UnsafeMutableRawBufferPointer) -> Int) -> Int {
        guard started else {
            // No second thread: pass the output on from this one.
            let count = read(buffers[0])
            if count > 0 { sink.write(UnsafeRawBufferPointer(rebasing: buffers[0][0..<count])) }
            return count
        }
        let index = lock.locked(when: { filled < buffers.count }) { nextToFill }
        let count = read(buffers[index])
        guard count > 0 else { return count }
        lock.locked {
            lengths[index] = count
            nextToFill = (index + 1) % buffers.count
            filled += 1
            lock.broadcast()
        }
        return count
    }

    /// Waits until every buffer handed on has reached the sink, and ends the thread.
    func finish() {
        guard started else { return }
        lock.locked {
            closed = true
            lock.broadcast()
        }
        pthread_join(thread, nil)
        started = false
    }

    private func drainLoop() {
        while true {
            let next: (index: Int, length: Int)? = lock.locked(when: { filled > 0 || closed }) {
                filled > 0 ? (nextToDrain, lengths[nextToDrain]) : nil
            }
            guard let (index, length) = next else { return }
            sink.write(UnsafeRawBufferPointer(rebasing: buffers[index][0..<length]))
            lock.locked {
                nextToDrain = (index + 1) % buffers.count
                filled -= 1
                lock.broadcast()
            }
        }
    }
}
