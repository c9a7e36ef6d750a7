import FluentKit

/// A credit balance per user, and a deletion time: deleted users keep their rows so their
/// tasks and ledger still name them.
struct AddCreditsToUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema("users").field("credits", .int, .required, .sql(.default(0))).update()
        try await database.schema("users").field("deleted_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("credits").update()
        try await database.schema("users").deleteField("deleted_at").update()
    }
}
