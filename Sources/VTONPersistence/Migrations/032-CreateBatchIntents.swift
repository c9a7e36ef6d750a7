import FluentKit

/// Economy batches being sent: written before the provider is asked, removed once its job is
/// recorded (see `BatchIntent`).
struct CreateBatchIntents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("batch_intents")
            .field("id", .uuid, .identifier(auto: false))
            .field("model", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("batch_intents").delete()
    }
}
