import FluentKit
import SQLKit

/// Password guesses counted where every process sees them (see `LoginAttemptLog`).
struct CreateLoginAttempts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("login_attempts")
            .field("attempt_id", .uuid, .required)
            .field("key", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "login_attempts_key_at").on("login_attempts").column("key").column("at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("login_attempts").delete()
    }
}
