import FluentKit
import SQLKit

/// MySQL's form of `UPDATE … RETURNING *`, which it lacks: in one transaction (the caller's,
/// when it has one), the matching rows are locked and their ids read, updated by id, and read
/// again. The lock keeps the rows as matched until the update, as a single statement would.
enum LockedUpdate {
    static func rows(
        of table: String, where condition: SQLQueryString, set assignments: [(column: String, value: any SQLExpression)],
        on database: any Database
    ) async throws -> [any SQLRow] {
        try await database.transaction { database in
            let sql = database as! any SQLDatabase
            let ids = try await sql.select().column("id").from(table).where(condition).for(.update).all()
                .map { try $0.decode(column: "id", as: String.self) }
            guard !ids.isEmpty else { return [] }
            var update = sql.update(table)
            for (column, value) in assignments { update = update.set(SQLIdentifier(column), to: value) }
            try await update.where("id", .in, ids).run()
            return try await sql.select().column("*").from(table).where("id", .in, ids).all()
        }
    }
}
