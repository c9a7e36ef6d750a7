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
        // Multi-row inserts in plain SQL: every mutating request leaves a row, and Fluent's
        // reflection per created model cost more than the insert.
        let rows: [PlainRow] = entries.map { entry in
            [
                ("user_id", entry.userID), ("username", entry.username), ("method", entry.method), ("path", entry.path),
                ("status", entry.status), ("latency_ms", entry.latencyMilliseconds), ("client_address", entry.clientAddress),
                ("summary", entry.summary), ("created_at", entry.createdAt),
            ]
        }
        try await (connection.database as! any SQLDatabase).insert(rows: rows, into: AuditLogModel.schema)
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
