import FluentKit
import SQLKit

/// A task's webhook URL, in a table of its own rather than a column of `tasks`: it is read
/// only by the webhook dispatcher. `enqueued_at` is set once the task's event is queued for
/// delivery, so the sweep finds ended tasks whose event was missed (a restart, a lost wake-up).
struct CreateTaskWebhooks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("task_webhooks")
            .id()
            .field("task_id", .uuid, .required)
            .field("user_id", .uuid, .required)
            .field("url", .string, .required)
            .field("created_at", .datetime, .required)
            .field("enqueued_at", .datetime)
            .unique(on: "task_id")
            .create()
        try await (database as! any SQLDatabase).create(index: "task_webhooks_enqueued").on("task_webhooks").column("enqueued_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("task_webhooks").delete()
    }
}
