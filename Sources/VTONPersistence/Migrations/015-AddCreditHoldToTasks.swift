import FluentKit
import SQLKit

/// What each task holds of its owner's credits, and an index for the per-user quota counts.
struct AddCreditHoldToTasks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema("tasks").field("credits_held", .int, .required, .sql(.default(0))).update()
        try await database.schema("tasks").field("credit_state", .string, .required, .sql(.default("none"))).update()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "tasks_user_id_created_at").on("tasks").column("user_id").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "tasks_user_id_created_at").run()
        try await database.schema("tasks").deleteField("credits_held").update()
        try await database.schema("tasks").deleteField("credit_state").update()
    }
}
