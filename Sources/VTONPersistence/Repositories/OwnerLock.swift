import FluentKit
import Foundation
import SQLKit

/// Serialises, per user, the writes whose checks count that user's rows (quotas, key caps):
/// inside a transaction, locks the users' rows until it commits. PostgreSQL needs it, across
/// connections and processes; SQLite needs none, its one writer connection already runs one
/// transaction at a time.
enum OwnerLock {
    static func take(_ owners: Set<UUID>, on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard !owners.isEmpty, sql.dialect.name != "sqlite" else { return }
        // In one order, so two transactions locking overlapping owners cannot wait for each other.
        _ = try await sql.select().column("id").from("users").where("id", .in, Array(owners))
            .orderBy("id").for(.update).all()
    }
}
