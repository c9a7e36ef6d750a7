import FluentKit
import Foundation
import SQLKit

/// Where password guesses are counted, by key (an address, an account, the pair): in memory
/// for one process, in the database when several processes answer logins.
public protocol LoginAttemptLog: Sendable {
    /// Hands `decide` the times of each key's attempts since `since`, oldest first; unless it
    /// throws, records attempt `id` under every key. Count and record are one step, so attempts
    /// made at once never share a count.
    func record(
        _ id: UUID, keys: [String], at now: Date, since: Date, decide: @escaping @Sendable ([String: [Date]]) throws -> Void
    ) async throws
    /// Removes every attempt under `clearing`, and attempt `id` alone under `undoing`.
    func forgive(_ id: UUID, undoing: [String], clearing: [String]) async throws
}

public struct SQLLoginAttemptLog: LoginAttemptLog {
    let connection: DatabaseConnection

    public init(connection: DatabaseConnection) { self.connection = connection }

    public func record(
        _ id: UUID, keys: [String], at now: Date, since: Date, decide: @escaping @Sendable ([String: [Date]]) throws -> Void
    ) async throws {
        let isSQLite = connection.isSQLite
        try await connection.database.transaction { database in
            let sql = database as! any SQLDatabase
            // Each key's attempts are counted by one process at a time (SQLite has one writer);
            // the locks are taken in one order, so two attempts cannot wait for each other.
            if !isSQLite {
                for key in keys.sorted() { try await sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: key)))").run() }
            }
            try await sql.delete(from: "login_attempts").where("key", .in, keys).where("at", .lessThan, since).run()
            var recent: [String: [Date]] = [:]
            for row in try await sql.select().columns("key", "at").from("login_attempts").where("key", .in, keys).orderBy("at").all() {
                recent[try row.decode(column: "key", as: String.self), default: []].append(try row.decode(column: "at", as: Date.self))
            }
            try decide(recent)
            let insert = sql.insert(into: "login_attempts").columns("attempt_id", "key", "at")
            for key in keys { insert.values(SQLBind(id), SQLBind(key), SQLBind(now)) }
            try await insert.run()
        }
    }

    public func forgive(_ id: UUID, undoing: [String], clearing: [String]) async throws {
        let sql = try connection.database as! any SQLDatabase
        if !clearing.isEmpty { try await sql.delete(from: "login_attempts").where("key", .in, clearing).run() }
        if !undoing.isEmpty { try await sql.delete(from: "login_attempts").where("key", .in, undoing).where("attempt_id", .equal, id).run() }
    }
}
