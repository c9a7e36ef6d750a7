import FluentKit
import SQLKit

/// Tasks their owner starred, to find them again in History.
struct AddFavouriteToTasks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("tasks").field("favourite", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("tasks").deleteField("favourite").update()
    }
}
