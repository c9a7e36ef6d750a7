import FluentKit
import SQLKit

struct CreateAuditLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_log")
            .field("id", .int64, .identifier(auto: true))
            .field("user_id", .uuid)
            .field("username", .string)
            .field("method", .string, .required)
            .field("path", .string, .required)
            .field("status", .int, .required)
            .field("latency_ms", .double, .required)
            .field("client_address", .string)
            .field("summary", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "audit_log_created_at").on("audit_log").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_log").delete()
    }
}
