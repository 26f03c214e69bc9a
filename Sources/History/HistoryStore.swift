import GRDB
import Platform
import SlipwayModel

/// The only door to a repository's history and queue (SQLite through GRDB, in WAL mode).
///
/// The post-receive hook, cron's poll and the worker are separate processes sharing one file.
/// Every write transaction is IMMEDIATE, so a writer waits for the lock (busy timeout) instead
/// of failing with "database is locked" when upgrading a read lock, and commits are fsynced
/// (synchronous=FULL): a push the hook acknowledged survives a crash of the machine.
package final class HistoryStore: @unchecked Sendable {
    let pool: DatabasePool
    /// The database file.
    package let path: String

    private init(pool: DatabasePool, path: String) {
        self.pool = pool
        self.path = path
    }

    /// Opens (creating when needed) the history at `path`, bringing its schema up to date.
    /// Concurrent first openings are serialized with a lock file next to the database.
    package static func open(_ path: String) throws -> HistoryStore {
        // The state directory and the database are the server's alone: 0700 and 0600, also when
        // an earlier version, a umask or a tmpfs (1777) made them looser. SQLite creates the
        // -wal and -shm files with the database's own mode.
        let directory = parentDirectory(path)
        if fileExists(directory) && !isDirectory(directory) {
            throw HistoryError.cannotOpen(path: path, reason: "\(directory) (paths.state) is not a directory; point paths.state in slipway.yml at a directory of its own")
        }
        var warnings = [try PrivateFiles.directory(directory)]
        warnings += [path, path + "-wal", path + "-shm"].map { fileExists($0) || $0 == path ? PrivateFiles.file($0) : nil }
        for warning in warnings.compactMap({ $0 }) { printError("slipway: warning: \(warning)") }
        var configuration = Configuration()
        configuration.busyMode = .timeout(120)
        configuration.label = "slipway-history"
        configuration.maximumReaderCount = 2
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw HistoryError.cannotOpen(path: path, reason: "\(error.message ?? "\(error)") (SQLite error \(error.resultCode.rawValue)); "
                                          + "check that \(directory) is a writable directory on a local filesystem with free space")
        }
        let store = HistoryStore(pool: pool, path: path)
        try store.migrateIfNeeded()
        return store
    }

    private func migrateIfNeeded() throws {
        let current = try pool.read { try Int.fetchOne($0, sql: "PRAGMA user_version") ?? 0 }
        if current == HistorySchema.version { return }
        if current > HistorySchema.version {
            throw HistoryError.newerSchema(found: current, known: HistorySchema.version, path: path)
        }
        let lock = try FileLock.acquire(path + ".migrate.lock")
        defer { lock.release() }
        try HistorySchema.migrator.migrate(pool)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA user_version = \(HistorySchema.version)")
        }
    }

    /// Runs a read-only block.
    func read<T>(_ block: (Database) throws -> T) throws -> T {
        try pool.read(block)
    }

    /// Runs a block in an IMMEDIATE transaction.
    func write<T>(_ block: (Database) throws -> T) throws -> T {
        try pool.write(block)
    }
}

/// History problems that need the user's attention.
package enum HistoryError: Error, CustomStringConvertible, Equatable {
    case newerSchema(found: Int, known: Int, path: String)
    case noSuchRun(Int64)
    case notFinished(Int64, RunStatus)
    case alreadyFinished(Int64, RunStatus)
    case closed(String)
    case cannotOpen(path: String, reason: String)

    package var description: String {
        switch self {
        case let .newerSchema(found, known, path):
            return "\(path) was written by a newer Slipway (schema \(found), this one knows \(known)); upgrade slipway"
        case let .noSuchRun(number):
            return "there is no run #\(number); `slipway history` lists the runs"
        case let .notFinished(number, status):
            return "run #\(number) is \(status.rawValue); only finished runs can be retried"
        case let .alreadyFinished(number, status):
            return "run #\(number) already finished (\(status.rawValue)); nothing to cancel"
        case .closed(let path):
            return "the history database \(path) is closed"
        case let .cannotOpen(path, reason):
            return "the history database \(path) cannot be opened: \(reason)"
        }
    }
}
