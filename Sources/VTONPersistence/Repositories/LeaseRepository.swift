import FluentKit
import Foundation
import SQLKit

/// Named leases that at most one holder has at a time, so that a service runs in one process
/// among all that share the database, and another takes over when that process stops renewing.
public protocol LeaseRepository: Sendable {
    /// Takes the lease, or renews it for its holder, until `until`; false while another
    /// holder's lease has not run out at `now`.
    func acquire(_ name: String, holder: String, now: Date, until: Date) async throws -> Bool
    /// Lets the lease go at once, so another process need not wait for it to run out.
    func release(_ name: String, holder: String) async throws
}

public struct FluentLeaseRepository: LeaseRepository {
    let connection: DatabaseConnection

    public init(connection: DatabaseConnection) { self.connection = connection }

    static let table = "service_leases"

    public func acquire(_ name: String, holder: String, now: Date, until: Date) async throws -> Bool {
        let sql = try connection.database as! any SQLDatabase
        try await sql.insert(into: Self.table).columns("name", "holder", "expires_at")
            .values(SQLBind(name), SQLBind(""), SQLBind(Date(timeIntervalSince1970: 0)))
            .ignoringConflicts(with: ["name"]).run()
        // One statement decides: of two processes renewing and taking over at once, one matches.
        let taken = try await sql.update(Self.table)
            .set(SQLIdentifier("holder"), to: SQLBind(holder)).set(SQLIdentifier("expires_at"), to: SQLBind(until))
            .where("name", .equal, name)
            .where { $0.where("holder", .equal, holder).orWhere("expires_at", .lessThan, now) }
            .returning("name").all()
        return !taken.isEmpty
    }

    public func release(_ name: String, holder: String) async throws {
        try await (connection.database as! any SQLDatabase).update(Self.table)
            .set(SQLIdentifier("expires_at"), to: SQLBind(Date(timeIntervalSince1970: 0)))
            .where("name", .equal, name).where("holder", .equal, holder).run()
    }
}
