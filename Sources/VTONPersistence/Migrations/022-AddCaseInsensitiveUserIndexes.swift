import FluentKit
import SQLKit

/// Usernames and e-mail addresses become unique regardless of case: login and its throttle
/// already fold case, so `TGT` and `tgt` must be one account, not two that share a counter.
/// The unique indexes, not the checks before a write, are what two racing requests meet.
struct AddCaseInsensitiveUserIndexes: AsyncMigration {
    struct Clash: Error, CustomStringConvertible {
        let column: String
        let values: [String]
        var description: String {
            "users differ only by the case of their \(column): \(values.joined(separator: ", ")); rename all but one, then migrate again"
        }
    }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for column in ["username", "email"] {
            let clashes = try await sql.raw(
                "SELECT lower(\(ident: column)) AS folded FROM users WHERE \(ident: column) IS NOT NULL GROUP BY lower(\(ident: column)) HAVING COUNT(*) > 1"
            ).all().map { try $0.decode(column: "folded", as: String.self) }
            guard clashes.isEmpty else { throw Clash(column: column, values: clashes) }
            if sql.dialect.name == "mysql" {
                // MariaDB indexes no expressions, only columns: a generated one holds the folded value.
                try await sql.raw(
                    """
                    ALTER TABLE users ADD COLUMN \(ident: "\(column)_folded") VARCHAR(255) AS (lower(\(ident: column))) VIRTUAL,
                    ADD UNIQUE INDEX \(ident: "users_\(column)_folded") (\(ident: "\(column)_folded"))
                    """
                ).run()
                continue
            }
            try await sql.raw("CREATE UNIQUE INDEX \(ident: "users_\(column)_folded") ON users (lower(\(ident: column)))").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for column in ["username", "email"] {
            if sql.dialect.name == "mysql" {
                try await sql.raw("ALTER TABLE users DROP COLUMN \(ident: "\(column)_folded")").run()
                continue
            }
            try await sql.drop(index: "users_\(column)_folded").run()
        }
    }
}
