import FluentKit
import SQLKit

struct CreateStoredFiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("stored_files")
            .id()
            .field("owner_id", .uuid, .required, .references("users", "id"))
            .field("kind", .string, .required)
            .field("sha256", .string, .required)
            .field("mime_type", .string, .required)
            .field("width", .int, .required)
            .field("height", .int, .required)
            .field("bytes", .int64, .required)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "stored_files_sha256").on("stored_files").column("sha256").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("stored_files").delete()
    }
}
