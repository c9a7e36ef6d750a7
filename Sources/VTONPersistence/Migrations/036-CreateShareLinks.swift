import FluentKit
import SQLKit

/// Links that show a task's results without a login, until they expire or are revoked.
struct CreateShareLinks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("share_links")
            .id()
            .field("task_id", .uuid, .required, .references("tasks", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "token")
            .create()
        try await (database as! any SQLDatabase).create(index: "share_links_task").on("share_links").column("task_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("share_links").delete()
    }
}
