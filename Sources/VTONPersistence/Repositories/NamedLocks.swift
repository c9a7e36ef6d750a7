import FluentKit
import SQLKit

/// MySQL's form of PostgreSQL's `pg_advisory_xact_lock`: named locks that one connection holds
/// at a time. They belong to the connection, not to a transaction, so `body` runs on the
/// connection that took them, and they are let go once it has returned (its transaction
/// committed) or thrown. Taken in one order, so two holders cannot wait for each other.
enum NamedLocks {
    struct Timeout: Error, CustomStringConvertible {
        let name: String
        let seconds: Int
        var description: String { "the named lock \"\(name)\" was held elsewhere for \(seconds) s" }
    }

    /// `waitingAtMost` defaults to as long as a request waits for a pooled connection.
    static func holding<T: Sendable>(
        _ names: [String], waitingAtMost seconds: Int = 30, on database: any Database,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        try await database.withConnection { database in
            let sql = database as! any SQLDatabase
            var held: [String] = []
            do {
                for name in Set(names).sorted() {
                    let row = try await sql.raw("SELECT GET_LOCK(" + serverWide(name) + ", \(literal: seconds)) AS taken").first()
                    guard try row?.decode(column: "taken", as: Int?.self) == 1 else { throw Timeout(name: name, seconds: seconds) }
                    held.append(name)
                }
                let value = try await body(database)
                try await release(held, on: sql)
                return value
            } catch {
                try? await release(held, on: sql)
                throw error
            }
        }
    }

    private static func release(_ names: [String], on sql: any SQLDatabase) async throws {
        for name in names { try await sql.raw("SELECT RELEASE_LOCK(" + serverWide(name) + ")").run() }
    }

    /// Lock names are the server's, shared by its databases, and at most 64 characters: the
    /// database's name is put before `name`, and a digest stands for the two.
    private static func serverWide(_ name: String) -> SQLQueryString {
        "SHA1(CONCAT(DATABASE(), ':', \(bind: name)))"
    }
}
