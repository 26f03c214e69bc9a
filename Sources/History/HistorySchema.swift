import GRDB
import Intake

/// The history schema. Shipped migrations are never edited: new needs get new migrations.
enum HistorySchema {
    /// Bump `QueueSchema.version` with every new migration; it is stored in PRAGMA
    /// user_version so that a process (the post-receive hook) sees in one read that the schema
    /// is the one it knows.
    static let version = QueueSchema.version

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, phases, exported variables, warnings, branch heads") { db in
            try db.create(table: "run") { table in
                table.autoIncrementedPrimaryKey("number")
                table.column("buildId", .text).notNull()
                table.column("branch", .text).notNull()
                table.column("ref", .text).notNull()
                table.column("refKind", .text).notNull()
                table.column("oldSha", .text).notNull()
                table.column("newSha", .text).notNull()
                table.column("trigger", .text).notNull()
                table.column("initiator", .text).notNull()
                table.column("status", .text).notNull()
                table.column("queueMode", .text).notNull()
                table.column("queuedAt", .integer).notNull()
                table.column("startedAt", .integer)
                table.column("finishedAt", .integer)
                table.column("workerPid", .integer)
                table.column("workerStart", .integer)
                table.column("processGroup", .integer)
                table.column("cancelRequested", .boolean).notNull().defaults(to: false)
                table.column("supersededBy", .integer)
                table.column("retryOf", .integer)
                table.column("attempt", .integer).notNull().defaults(to: 1)
                table.column("subject", .text)
                table.column("author", .text)
                table.column("error", .text)
                table.column("logPath", .text)
                table.column("reportPath", .text)
                table.column("workDir", .text)
                table.column("pruned", .boolean).notNull().defaults(to: false)
            }
            try db.create(index: "run_by_status", on: "run", columns: ["status", "number"])
            try db.create(index: "run_by_ref", on: "run", columns: ["ref", "number"])
            try db.create(index: "run_by_branch", on: "run", columns: ["branch", "number"])
            try db.create(table: "phase") { table in
                table.column("runNumber", .integer).notNull().references("run", onDelete: .cascade)
                table.column("position", .integer).notNull()
                table.column("name", .text).notNull()
                table.column("status", .text).notNull()
                table.column("exitCode", .integer)
                table.column("startedAt", .integer).notNull()
                table.column("finishedAt", .integer).notNull()
                table.column("durationMs", .integer).notNull()
                table.column("context", .text)
                table.primaryKey(["runNumber", "position"])
            }
            try db.create(table: "exportedVariable") { table in
                table.column("runNumber", .integer).notNull().references("run", onDelete: .cascade)
                table.column("name", .text).notNull()
                table.column("value", .text).notNull()
                table.primaryKey(["runNumber", "name"])
            }
            try db.create(table: "warning") { table in
                table.column("runNumber", .integer).notNull().references("run", onDelete: .cascade)
                table.column("position", .integer).notNull()
                table.column("message", .text).notNull()
                table.primaryKey(["runNumber", "position"])
            }
            // The last SHA queued per ref: what poll compares the repository with, and how a
            // poll and a hook that see the same push never both queue it.
            try db.create(table: "refHead") { table in
                table.primaryKey("ref", .text)
                table.column("sha", .text).notNull()
                table.column("updatedAt", .integer).notNull()
            }
        }
        migrator.registerMigration("v2: pushed images") { db in
            try db.create(table: "image") { table in
                table.column("runNumber", .integer).notNull().references("run", onDelete: .cascade)
                table.column("position", .integer).notNull()
                table.column("reference", .text).notNull()
                table.column("digest", .text)
                table.column("sizeBytes", .integer)
                table.column("status", .text).notNull()
                table.column("note", .text)
                table.primaryKey(["runNumber", "position"])
            }
        }
        migrator.registerMigration("v3: artifacts") { db in
            try db.create(table: "artifact") { table in
                table.column("runNumber", .integer).notNull().references("run", onDelete: .cascade)
                table.column("position", .integer).notNull()
                table.column("identifier", .text)
                table.column("name", .text).notNull()
                table.column("path", .text).notNull()
                table.column("sizeBytes", .integer).notNull()
                table.column("sha256", .text).notNull()
                table.column("fileCount", .integer).notNull()
                table.column("location", .text)
                table.primaryKey(["runNumber", "position"])
            }
        }
        return migrator
    }
}
