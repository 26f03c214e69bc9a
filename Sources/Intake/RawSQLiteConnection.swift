import CSQLite

/// A SQLite failure, with SQLite's own message.
package struct SQLiteError: Error, CustomStringConvertible, Equatable {
    package let code: Int32
    package let message: String
    package var description: String { "SQLite error \(code): \(message)" }
}

/// A thin connection to SQLite's C API, for the queue's hot path (the post-receive hook), where
/// a Foundation-free static binary starts in under a millisecond. Everything else uses GRDB.
package final class RawSQLiteConnection: @unchecked Sendable {
    /// The raw handle.
    package let handle: OpaquePointer
    private let owned: Bool

    /// Opens (creating) a database with the same durability rules as the rest of Slipway:
    /// WAL, synchronous=FULL, and a long busy timeout instead of "database is locked".
    package init(path: String) throws {
        var raw: OpaquePointer?
        let status = sqlite3_open_v2(path, &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let raw else {
            let message = raw.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open \(path)"
            sqlite3_close(raw)
            throw SQLiteError(code: status, message: message)
        }
        handle = raw
        owned = true
        sqlite3_busy_timeout(raw, 120_000)
        try execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON")
    }

    /// Wraps a handle owned by someone else (GRDB's connection), without closing it.
    package init(borrowing handle: OpaquePointer) {
        self.handle = handle
        owned = false
    }

    deinit {
        if owned { sqlite3_close_v2(handle) }
    }

    /// Runs one or more statements without results.
    package func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &error)
        if status != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(error)
            throw SQLiteError(code: status, message: message)
        }
    }

    /// Runs a statement with arguments; returns the rows as text (or nil for NULL).
    @discardableResult
    package func query(_ sql: String, _ arguments: [SQLiteValue] = []) throws -> [[String?]] {
        var statement: OpaquePointer?
        try check(sqlite3_prepare_v2(handle, sql, -1, &statement, nil))
        defer { sqlite3_finalize(statement) }
        for (index, argument) in arguments.enumerated() {
            let position = Int32(index + 1)
            switch argument {
            case .integer(let value): try check(sqlite3_bind_int64(statement, position, value))
            case .text(let value): try check(sqlite3_bind_text(statement, position, value, -1, slipway_sqlite_transient()))
            case .null: try check(sqlite3_bind_null(statement, position))
            }
        }
        var rows: [[String?]] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { try check(status); break }
            let count = sqlite3_column_count(statement)
            rows.append((0..<count).map { column in
                sqlite3_column_text(statement, column).map { String(cString: $0) }
            })
        }
        return rows
    }

    /// The rowid of the last insert on this connection.
    package var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// The schema version stored in PRAGMA user_version.
    package func userVersion() throws -> Int {
        Int(try query("PRAGMA user_version").first?.first.flatMap { $0 } ?? "0") ?? 0
    }

    /// Runs `body` in an IMMEDIATE transaction (the write lock is taken up front, so a
    /// concurrent writer waits instead of failing), committing when it returns.
    package func immediateTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func check(_ status: Int32) throws {
        guard status == SQLITE_OK || status == SQLITE_ROW || status == SQLITE_DONE else {
            throw SQLiteError(code: status, message: String(cString: sqlite3_errmsg(handle)))
        }
    }
}

/// A value bound to a statement.
package enum SQLiteValue: Sendable, Equatable {
    case integer(Int64)
    case text(String)
    case null
}
