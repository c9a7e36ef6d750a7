import FluentKit

struct CreateAPIKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("api_keys")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("name", .string, .required)
            .field("prefix", .string, .required)
            .field("secret_hash", .string, .required)
            .field("permissions", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .unique(on: "prefix")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("api_keys").delete()
    }
}
