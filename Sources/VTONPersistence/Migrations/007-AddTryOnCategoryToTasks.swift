import FluentKit

struct AddTryOnCategoryToTasks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("tasks").field("tryon_category", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("tasks").deleteField("tryon_category").update()
    }
}
