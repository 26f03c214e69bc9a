import Masking
import Platform
import Runner
#if canImport(Glibc)
import Glibc
#endif

/// Why a log stopped growing before its run ended.
package enum LogStop: Equatable, Sendable {
    /// The log reached `logs.max-size`; the build goes on, its further output is not kept.
    case sizeLimit(Int64)
    /// The filesystem (or quota) is full: the run ends as FAULT.
    case noSpace(code: Int32)
    /// Another write error: the run ends as FAULT.
    case writeFailed(code: Int32)

    /// True when the run cannot go on (anything but the size limit).
    package var endsRun: Bool {
        if case .sizeLimit = self { return false }
        return true
    }
}

/// The run's log: every byte is masked on the way in, with the run's secret set as it stands
/// (`RunSecrets` only grows), then written to the log file and, for foreground runs, to the
/// terminal. A log never ends silently: at `maxBytes` it says it was truncated and keeps no
/// more; a write that fails (a full disk) stops it and is reported by `stopped`, and
/// `resume()` (once space is back) lets the run's closing lines in.
package final class LogWriter: OutputSink {
    private let file: FileDescriptor
    private let terminal: Int32?
    private var stream: MaskingStream
    /// The run's secrets, and the version of the set the current stream masks with.
    package let secrets: RunSecrets
    private var streamVersion: Int
    /// Bytes written to the log file so far.
    package private(set) var bytesWritten: Int64 = 0
    /// Where the disk writeback started so far ends: a long log is written back as it grows,
    /// so the final sync waits for the last few MiB only.
    private var writebackStarted: Int64 = 0
    private static let writebackStep: Int64 = 8 << 20
    /// Where the disk space reserved ahead of a long log ends. Once a log passes
    /// `writebackStep`, space is reserved `preallocationStep` at a time, which spares the file
    /// system a reservation per block (about a tenth of the cost of storing output).
    private var preallocatedEnd: Int64 = 0
    private var canPreallocate = true
    private static let preallocationStep: Int64 = 32 << 20
    package let path: String
    /// The size the log may reach (`logs.max-size`); nil: no limit.
    let maxBytes: Int64?
    /// Why the log stopped growing, if it did.
    package private(set) var stopped: LogStop?
    /// After `resume`, the run's closing lines go in whatever the size.
    private var resumed = false
    /// Whether bytes still go to the file: until the log stops, and again after `resume`.
    private var accepting: Bool { stopped == nil || resumed }

    /// Creates (or appends to) the log at `path`; `terminal` is a descriptor to echo to.
    package init(path: String, secrets: RunSecrets = RunSecrets(), terminal: Int32? = nil, maxBytes: Int64? = nil) throws {
        self.maxBytes = maxBytes
        try makeDirectories(parentDirectory(path), mode: 0o700)
        file = try FileDescriptor.open(path, flags: O_WRONLY | O_CREAT | O_APPEND, mode: 0o600)
        self.path = path
        self.terminal = terminal
        self.secrets = secrets
        streamVersion = secrets.version
        stream = SecretMasker.none.makePieceStream { _ in }
        var info = stat()
        if fstat(file.raw, &info) == 0 { bytesWritten = Int64(info.st_size) }
        writebackStarted = bytesWritten
        stream = makeStream(secrets.masker)
    }

    private func makeStream(_ masker: SecretMasker) -> MaskingStream {
        let file = self.file
        let terminal = self.terminal
        return masker.makePieceStream { [weak self] pieces in
            if let terminal { _ = try? FileDescriptor.writeAll(pieces: pieces, to: terminal) }
            self?.store(pieces, in: file)
        }
    }

    private func store(_ pieces: [UnsafeRawBufferPointer], in file: FileDescriptor) {
        guard accepting else { return }
        let count = Int64(pieces.reduce(0) { $0 + $1.count })
        if !resumed, let maxBytes, bytesWritten + count > maxBytes {
            // The part that fits, then the notice: the log holds exactly logs.max-size of output.
            var budget = Int(max(0, maxBytes - bytesWritten))
            var fitting: [UnsafeRawBufferPointer] = []
            for piece in pieces where budget > 0 {
                let part = UnsafeRawBufferPointer(rebasing: piece[0..<min(piece.count, budget)])
                fitting.append(part)
                budget -= part.count
            }
            if (try? file.writeAll(pieces: fitting)) != nil { didWrite(Int64(fitting.reduce(0) { $0 + $1.count })) }
            let endsLine = fitting.last?.last.map { $0 == UInt8(ascii: "\n") } ?? endsAtLineStart
            stopped = .sizeLimit(maxBytes)
            try? file.writeAll(ContainerLog.text("Log truncated: this build's log reached logs.max-size (\(ByteCount.describe(maxBytes))); "
                                                 + "the rest of its output is not kept. The build goes on.", atLineStart: endsLine))
            endsAtLineStart = true
            return
        }
        reserveSpace(for: count)
        do {
            try file.writeAll(pieces: pieces)
            didWrite(count)
        } catch {
            let code = (error as? SystemError)?.code ?? EIO
            endsAtLineStart = false  // part of the chunk may be in the file
            stopped = DiskSpace.isSpaceError(code) ? .noSpace(code: code) : .writeFailed(code: code)
            resumed = false
            var info = stat()
            if fstat(file.raw, &info) == 0 { bytesWritten = Int64(info.st_size) }
        }
    }

    /// Once the build is over (and, after a failed write, space may be back): lets the run's
    /// closing lines in, after a `notice` line that says where the log was cut.
    package func resume(notice: String? = nil) {
        guard stopped != nil else { return }
        resumed = true
        if let notice { ContainerLog(sink: self).line(notice) }
    }

    private func reserveSpace(for count: Int64) {
        guard canPreallocate, bytesWritten >= Self.writebackStep, bytesWritten + count > preallocatedEnd else { return }
        let start = max(preallocatedEnd, bytesWritten)
        let length = max(Self.preallocationStep, count)
        canPreallocate = file.preallocate(offset: start, length: length)
        preallocatedEnd = start + length
    }

    private func didWrite(_ count: Int64) {
        bytesWritten += count
        if bytesWritten - writebackStarted >= Self.writebackStep {
            file.startWriteback(offset: writebackStarted, length: bytesWritten - writebackStarted)
            writebackStarted = bytesWritten
        }
    }

    /// Whether the last byte written was a newline (true before anything is written).
    package private(set) var endsAtLineStart = true

    package func write(_ bytes: UnsafeRawBufferPointer) {
        if accepting, let last = bytes.last { endsAtLineStart = last == UInt8(ascii: "\n") }
        if streamVersion != secrets.version {
            // The set grew: what is held back is passed on, and masking goes on with every value.
            stream.finish()
            streamVersion = secrets.version
            stream = makeStream(secrets.masker)
        }
        stream.write(bytes)
    }

    /// Passes on held-back bytes, gives back disk space reserved ahead, and flushes the file to disk.
    package func finish() {
        stream.finish()
        file.trimPreallocation()
        file.sync()
    }
}
