import FluentKit
import SQLKit

struct CreateCreditLedger: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("credit_ledger")
            .field("id", .int64, .identifier(auto: true))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("kind", .string, .required)
            .field("delta", .int, .required)
            .field("balance_after", .int, .required)
            .field("task_id", .uuid)
            .field("actor_id", .uuid)
            .field("reason", .string)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "credit_ledger_user_id").on("credit_ledger").column("user_id").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("credit_ledger").delete()
    }
}
