import FluentKit

struct AddBatchIndexToTasks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("tasks").field("batch_index", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("tasks").deleteField("batch_index").update()
    }
}
