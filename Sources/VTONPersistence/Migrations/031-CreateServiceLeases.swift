import FluentKit

/// Who runs each one-at-a-time service (the economy pool, the batch poller, retention) among
/// the processes that share the database, and until when.
struct CreateServiceLeases: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("service_leases")
            .field("name", .string, .identifier(auto: false))
            .field("holder", .string, .required)
            .field("expires_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("service_leases").delete()
    }
}
