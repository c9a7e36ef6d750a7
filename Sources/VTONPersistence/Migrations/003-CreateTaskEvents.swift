import FluentKit
import SQLKit

struct CreateTaskEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("task_events")
            .field("id", .int64, .identifier(auto: true))
            .field("task_id", .uuid, .required, .references("tasks", "id"))
            .field("user_id", .uuid, .required)
            .field("status", .string, .required)
            .field("result_json", .string)
            .field("error_code", .string)
            .field("error_message", .string)
            .field("finished_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "task_events_user_id").on("task_events").column("user_id").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("task_events").delete()
    }
}
