import FluentKit

/// Each user's webhook signing secret, sealed by the server (it must be read back to sign).
struct CreateWebhookSecrets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("webhook_secrets")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("sealed_secret", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("webhook_secrets").delete()
    }
}
