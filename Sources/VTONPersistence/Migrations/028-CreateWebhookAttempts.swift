import FluentKit
import SQLKit

/// Every try of a delivery: the task's delivery log. One row per attempt number, so a try is
/// recorded once even if two dispatchers ever raced for it.
struct CreateWebhookAttempts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("webhook_attempts")
            .id()
            .field("delivery_id", .uuid, .required, .references("webhook_deliveries", "id", onDelete: .cascade))
            .field("task_id", .uuid, .required)
            .field("number", .int, .required)
            .field("started_at", .datetime, .required)
            .field("duration_ms", .int, .required)
            .field("status_code", .int)
            .field("error", .string)
            .unique(on: "delivery_id", "number")
            .create()
        try await (database as! any SQLDatabase).create(index: "webhook_attempts_task").on("webhook_attempts").column("task_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("webhook_attempts").delete()
    }
}
