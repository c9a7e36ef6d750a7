import FluentKit
import Foundation
import SQLKit
import VTONDomain

public struct AuditPage: Sendable {
    public let entries: [AuditEntry]
    public let total: Int
}

public protocol AuditRepository: Sendable {
    func append(_ entries: [AuditEntry]) async throws
    func list(_ filter: AuditFilter, page: Int, pageSize: Int) async throws -> AuditPage
}

public struct FluentAuditRepository: AuditRepository {
    let connection: DatabaseConnection

    public init(connection: DatabaseConnection) { self.connection = connection }

    public func append(_ entries: [AuditEntry]) async throws {
        guard !entries.isEmpty else { return }
        // One multi-row insert per chunk in plain SQL: every mutating request leaves a row, and
        // Fluent's reflection per created model cost more than the insert. A chunk stays far
        // below the bound-parameter limits of SQLite and PostgreSQL.
        try await connection.database.transaction { database in
            let sql = database as! any SQLDatabase
            for start in stride(from: 0, to: entries.count, by: 500) {
                var insert = sql.insert(into: AuditLogModel.schema).columns(
                    "user_id", "username", "method", "path", "status", "latency_ms", "client_address", "summary", "created_at")
                for entry in entries[start..<min(start + 500, entries.count)] {
                    insert = insert.values(
                        SQLBind(entry.userID), SQLBind(entry.username), SQLBind(entry.method), SQLBind(entry.path), SQLBind(entry.status),
                        SQLBind(entry.latencyMilliseconds), SQLBind(entry.clientAddress), SQLBind(entry.summary), SQLBind(entry.createdAt))
                }
                try await insert.run()
            }
        }
    }

    public func list(_ filter: AuditFilter, page: Int, pageSize: Int) async throws -> AuditPage {
        var query = AuditLogModel.query(on: try connection.database)
        if let username = filter.username, !username.isEmpty { query = query.filter(\.$username == username) }
        if let path = filter.path, !path.isEmpty { query = query.filter(\.$path, .contains(inverse: false, .prefix), path) }
        if let status = filter.status { query = query.filter(\.$status == status) }
        if let start = filter.start { query = query.filter(\.$createdAt >= start) }
        if let end = filter.end { query = query.filter(\.$createdAt <= end) }
        let total = try await query.copy().count()
        let offset = (page - 1) * pageSize
        let rows = try await query.sort(\.$id, .descending).range(offset..<(offset + pageSize)).all()
        return AuditPage(entries: rows.map(\.domain), total: total)
    }
}
