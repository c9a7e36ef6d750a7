import FluentKit

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("username", .string, .required)
            .field("email", .string)
            .field("password_hash", .string, .required)
            .field("is_superuser", .bool, .required)
            .field("is_active", .bool, .required)
            .field("tokens_valid_after", .datetime, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "username")
            .unique(on: "email")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}
