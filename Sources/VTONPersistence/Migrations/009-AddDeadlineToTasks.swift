import FluentKit

struct AddDeadlineToTasks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("tasks").field("deadline_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("tasks").deleteField("deadline_at").update()
    }
}
