import FluentKit
import SQLKit

/// `tasks_user_created` (CreateTasks) and `tasks_user_id_created_at` (AddCreditHoldToTasks)
/// index the same columns: every task insert and update paid for both.
struct DropDuplicateUserCreatedIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "tasks_user_created").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).create(index: "tasks_user_created").on("tasks").column("user_id").column("created_at").run()
    }
}
