import FluentKit
import SQLKit

/// One row per event to deliver, kept until it is delivered or given up, so deliveries survive
/// a restart. A task has at most one delivery per event type (the unique index decides when
/// the event and the sweep queue it at once); a dispatcher claims a due row with a lease.
struct CreateWebhookDeliveries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("webhook_deliveries")
            .id()
            .field("task_id", .uuid, .required)
            .field("user_id", .uuid, .required)
            .field("event_type", .string, .required)
            .field("url", .string, .required)
            .field("payload", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime)
            .field("lease_owner", .string)
            .field("lease_expires_at", .datetime)
            .field("last_status_code", .int)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("delivered_at", .datetime)
            .unique(on: "task_id", "event_type")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "webhook_deliveries_due").on("webhook_deliveries").column("status").column("next_attempt_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("webhook_deliveries").delete()
    }
}
