import FluentKit

/// Economy batches carry many users' tasks; a missing kind means a user's own batch.
struct AddKindToBatches: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("batches").field("kind", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("batches").deleteField("kind").update()
    }
}
