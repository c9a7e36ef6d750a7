import FluentKit
import SQLKit

/// The `n` tasks of one request for several images name their group (its first task) and
/// their place in it, so a client finds the siblings of any of them.
struct AddVariationGroupToTasks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("tasks").field("variation_group_id", .uuid).update()
        try await database.schema("tasks").field("variation_index", .int).update()
        try await (database as! any SQLDatabase).create(index: "tasks_variation_group").on("tasks").column("variation_group_id").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "tasks_variation_group").run()
        try await database.schema("tasks").deleteField("variation_index").update()
        try await database.schema("tasks").deleteField("variation_group_id").update()
    }
}
