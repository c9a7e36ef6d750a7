import FluentKit
import SQLKit

/// One task per user and idempotency key, enforced by the database: seven simultaneous
/// requests with one key made seven tasks while each looked for the others first. A key is
/// freed (set to NULL) when its task is deleted or its 24 hours are over, so the index never
/// refuses what the contract allows. Keys that earlier races duplicated stay on the oldest task.
struct AddUniqueIdempotencyKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw(
            """
            UPDATE tasks SET idempotency_key = NULL WHERE idempotency_key IS NOT NULL AND (deleted_at IS NOT NULL OR EXISTS (
              SELECT 1 FROM tasks AS earlier WHERE earlier.user_id = tasks.user_id AND earlier.idempotency_key = tasks.idempotency_key
              AND (earlier.created_at < tasks.created_at OR (earlier.created_at = tasks.created_at AND earlier.id < tasks.id))))
            """
        ).run()
        try await sql.create(index: "tasks_user_idempotency_key").unique().on("tasks").column("user_id").column("idempotency_key").run()
        try await sql.drop(index: "tasks_user_idempotency").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "tasks_user_idempotency").on("tasks").column("user_id").column("idempotency_key").run()
        try await sql.drop(index: "tasks_user_idempotency_key").run()
    }
}
