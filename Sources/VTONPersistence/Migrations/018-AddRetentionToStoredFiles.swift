import FluentKit
import SQLKit

/// Retention finds expired files by age, and a result file's task by `task_id`, so the task
/// can say its result expired; both need to be found without reading every row.
struct AddRetentionToStoredFiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("stored_files").field("task_id", .uuid).update()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "stored_files_created_at").on("stored_files").column("created_at").run()
        try await sql.create(index: "stored_files_task_id").on("stored_files").column("task_id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "stored_files_task_id").run()
        try await sql.drop(index: "stored_files_created_at").run()
        try await database.schema("stored_files").deleteField("task_id").update()
    }
}
