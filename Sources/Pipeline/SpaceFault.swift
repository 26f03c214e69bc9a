import Platform
import Runner
import SlipwayModel
#if canImport(Glibc)
import Glibc
#endif

/// How a run ends when its log could not be written: a full filesystem or quota (ENOSPC,
/// EDQUOT) or another write error makes it FAULT, whatever its commands did, with a message
/// that names the path, what filled it and what to do; the size limit (`logs.max-size`) only
/// adds a warning, as the build went on.
enum SpaceFault {
    /// The run could not even start: no room for its reserve or its log.
    static func cannotStart(_ error: Error, paths: RunPaths) -> String {
        if let error = error as? SystemError, DiskSpace.isSpaceError(error.code) {
            return "no space left to start the build: \(error). Slipway keeps \(ByteCount.describe(DiskSpace.reserveBytes)) "
                + "free per running build to record it; free space on the filesystem of \(parentDirectory(paths.reserve)) and push again"
        }
        return "could not create the log file \(paths.log): \(error)"
    }

    /// Ends `result` for a log that stopped: the log gets its closing line now that the
    /// reserve is released, and the run's status and failure say what happened.
    static func apply(_ stopped: LogStop, to result: inout RunResult, log: LogWriter, paths: RunPaths) {
        switch stopped {
        case .sizeLimit(let limit):
            log.resume()
            result.warnings.append("the log reached logs.max-size (\(ByteCount.describe(limit))): output after that is not in the log or the report")
        case .noSpace(let code), .writeFailed(let code):
            DiskSpace.release(paths.reserve)
            let reason = String(cString: strerror(code))
            let logSize = ByteCount.describe(log.bytesWritten)
            let work = ByteCount.describe(DiskSpace.usage(of: paths.workDirectory))
            let free = DiskSpace.available(at: parentDirectory(paths.log)).map(ByteCount.describe) ?? "unknown"
            let isSpace = DiskSpace.isSpaceError(code)
            log.resume(notice: "Log truncated: \(isSpace ? "no space left" : "the log could not be written") on the filesystem of "
                       + "\(paths.log) (\(reason)) after \(logSize)")
            let what = "this run's log had \(logSize) and its work directory \(paths.workDirectory) \(work); \(free) is free now"
            result.status = .fault
            result.failure = isSpace
                ? "no space left on the filesystem of \(paths.log) (\(reason)): \(what). Free space there (or move paths.state, paths.logs "
                    + "or paths.work to a larger filesystem, or lower logs.max-size) and push again"
                : "the log \(paths.log) could not be written (\(reason)): \(what). Check that filesystem and push again"
        }
    }
}
