import FluentKit
import SQLKit

struct CreateBatches: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("batches")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("provider_name", .string, .required)
            .field("phase", .string, .required)
            .field("model", .string, .required)
            .field("aspect_ratio", .string, .required)
            .field("resolution", .string, .required)
            .field("task_count", .int, .required)
            .field("completed_count", .int, .required)
            .field("failed_count", .int, .required)
            .field("error_message", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("next_poll_at", .datetime, .required)
            .field("poll_interval_s", .double, .required)
            .field("lease_owner", .string)
            .field("lease_expires_at", .datetime)
            .unique(on: "provider_name")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "batches_phase_next_poll").on("batches").column("phase").column("next_poll_at").run()
        try await sql.create(index: "tasks_batch").on("tasks").column("batch_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("batches").delete()
    }
}
