import Platform
#if canImport(Glibc)
import Glibc
#endif

extension BuildSession {
    /// How often a running command asks whether the build should stop, in milliseconds.
    static let stopCheckInterval: Int64 = 250

    /// Forwards output until the shell exits; enforces the deadline and stop requests by
    /// signalling the whole build (SIGTERM, then SIGKILL after the grace period).
    func pump(until command: RunningCommand) -> CommandOutcome {
        let readyDescriptor = command.readyDescriptor
        var ending: CommandOutcome?
        var termSentAt: Int64?
        var lastStopCheck: Int64 = 0
        // Heavy output (a read that fills half the buffer) is handed to a second thread that
        // masks and stores it while this one reads on; everything is in the sink before returning.
        var relay: OutputRelay?
        defer { relay?.finish() }
        while true {
            let now = Clock.monotonicMilliseconds()
            if ending == nil {
                if let deadline = settings.deadline, now >= deadline {
                    ending = .timedOut
                } else if now - lastStopCheck >= Self.stopCheckInterval {
                    // Asking whether to stop may read the database: a few times a second, not per chunk.
                    lastStopCheck = now
                    if shouldStop() { ending = .stopped }
                }
                if ending != nil {
                    command.signal(SIGTERM)
                    termSentAt = now
                }
            } else if let sent = termSentAt, now - sent >= settings.killGraceMilliseconds {
                command.signal(SIGKILL)
                termSentAt = nil
            }
            var wait: Int64 = readyDescriptor >= 0 ? 250 : 20
            if ending == nil, let deadline = settings.deadline { wait = max(0, min(wait, deadline - now)) }
            var fds = [pollfd(fd: outputRead.raw, events: Int16(POLLIN), revents: 0)]
            if readyDescriptor >= 0 { fds.append(pollfd(fd: readyDescriptor, events: Int16(POLLIN), revents: 0)) }
            let ready = Glibc.poll(&fds, nfds_t(fds.count), Int32(wait))
            if ready < 0 && errno != EINTR { break }
            if fds[0].revents != 0 {
                // While output flows, keep reading without a poll between reads; a short read
                // means a busy writer: let the pipe fill for a moment rather than fight the writer
                // for the pipe's lock (imperceptible for interactive output).
                var reads = 0
                while reads < 64 {
                    let count = readOnce(through: relay)
                    reads += 1
                    if count <= 0 { break }
                    if relay == nil && count >= readBuffer.count / 2 {
                        relay = OutputRelay(sink: sink)
                        relayedCommands += 1
                    }
                    if count < readBuffer.count / 4 { Clock.sleep(microseconds: 100) }
                }
            }
            let exited = readyDescriptor >= 0 ? fds[1].revents != 0 : true
            if exited, let code = command.poll() {
                drainAvailable(through: relay)
                return ending ?? .exited(code)
            }
        }
        let code = command.wait()
        drainAvailable(through: relay)
        return ending ?? .exited(code)
    }

    /// Reads what the pipe holds right now, without waiting for writers that are still running.
    func drainAvailable(through relay: OutputRelay? = nil) {
        guard outputRead.raw >= 0 else { return }
        var available: Int32 = 0
        _ = ioctl(outputRead.raw, UInt(FIONREAD), &available)
        var remaining = Int(available)
        while remaining > 0 {
            let count = readOnce(through: relay)
            if count <= 0 { break }
            remaining -= count
        }
    }

    /// Reads one chunk from the output pipe into the sink (through the relay, when there is
    /// one); returns the byte count (0 or less when nothing came).
    @discardableResult
    private func readOnce(through relay: OutputRelay?) -> Int {
        let descriptor = outputRead.raw
        if let relay {
            return relay.fill { buffer in Glibc.read(descriptor, buffer.baseAddress, buffer.count) }
        }
        let sink = self.sink
        return readBuffer.withUnsafeMutableBytes { buffer in
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count > 0 { sink.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) }
            return count
        }
    }
}
