import FluentKit
import SQLKit

/// MySQL's form of `UPDATE … RETURNING *`, which it lacks: in one transaction (the caller's,
/// when it has one), the matching rows are locked and their keys read, updated by key, and
/// read again. The lock keeps the rows as matched until the update, as a single statement
/// would. `skippingLocked` leaves out rows another transaction holds, as a claim wants,
/// instead of waiting for them (MariaDB 10.6+, MySQL 8).
enum LockedUpdate {
    static func rows(
        of table: String, key: String = "id", where condition: SQLQueryString,
        set assignments: [(column: String, value: any SQLExpression)], skippingLocked: Bool = false, on database: any Database
    ) async throws -> [any SQLRow] {
        try await database.transaction { database in
            let sql = database as! any SQLDatabase
            let lock: SQLQueryString = skippingLocked ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE"
            let keys = try await sql.raw("SELECT \(ident: key) FROM \(ident: table) WHERE " + condition + lock).all()
                .map { try $0.decode(column: key, as: String.self) }
            guard !keys.isEmpty else { return [] }
            var update = sql.update(table)
            for (column, value) in assignments { update = update.set(SQLIdentifier(column), to: value) }
            try await update.where(SQLIdentifier(key), .in, keys).run()
            return try await sql.select().column("*").from(table).where(SQLIdentifier(key), .in, keys).all()
        }
    }
}
