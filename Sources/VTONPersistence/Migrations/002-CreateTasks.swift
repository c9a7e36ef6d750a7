import FluentKit
import SQLKit

struct CreateTasks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("tasks")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("status", .string, .required)
            .field("task_type", .string, .required)
            .field("prompt", .string, .required)
            .field("aspect_ratio", .string, .required)
            .field("provider_aspect_ratio", .string, .required)
            .field("resolution", .string, .required)
            .field("priority", .string, .required)
            .field("model", .string, .required)
            .field("reference_file_ids", .string, .required)
            .field("result_json", .string)
            .field("error_code", .string)
            .field("error_message", .string)
            .field("attempts", .int, .required)
            .field("batch_id", .uuid)
            .field("idempotency_key", .string)
            .field("cost_micro_usd", .int64, .required)
            .field("lease_owner", .string)
            .field("lease_expires_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("started_at", .datetime)
            .field("finished_at", .datetime)
            .field("deleted_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "tasks_user_created").on("tasks").column("user_id").column("created_at").run()
        try await sql.create(index: "tasks_status_created").on("tasks").column("status").column("created_at").run()
        try await sql.create(index: "tasks_user_idempotency").on("tasks").column("user_id").column("idempotency_key").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("tasks").delete()
    }
}
