import FluentKit
import SQLKit

/// The queue is read by status and priority together: the worker's realtime claims, the
/// economy pool and its overdue check. With `(status, created_at)` alone, the economy pool's
/// two reads walked every queued realtime task once a second, so a backlog of 100,000 tasks
/// held the writer for tens of milliseconds each time. Counts by status still use the prefix.
struct ReplaceTaskStatusIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "tasks_status_priority_created").on("tasks").column("status").column("priority").column("created_at")
            .run()
        try await sql.drop(index: "tasks_status_created").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "tasks_status_created").on("tasks").column("status").column("created_at").run()
        try await sql.drop(index: "tasks_status_priority_created").run()
    }
}
