import FluentKit
import SQLKit

/// The index History reads in its own order: a user's visible tasks newest first, and their
/// count from the index alone. With only `(user_id, created_at)`, every count read each of the
/// user's rows to see `deleted_at`, and every page sorted ties on `id` in a temporary tree.
struct AddVisibleTasksIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "tasks_user_visible").on("tasks").column("user_id").column("deleted_at").column("created_at").column("id")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "tasks_user_visible").run()
    }
}
