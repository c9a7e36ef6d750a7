import FluentKit
import Foundation
import VTONDomain

/// Share links: made under their task's cap (counted in the writing transaction, the owner
/// locked, so simultaneous requests cannot pass it together), listed, revoked, found by token.
public struct ShareLinkRepository: Sendable {
    let connection: DatabaseConnection

    public init(connection: DatabaseConnection) { self.connection = connection }

    /// Throws `ShareLinkCapReached` when the task has `ShareLink.maxActivePerTask` active links.
    public func create(_ link: ShareLink) async throws {
        try await connection.database.transaction { database in
            try await OwnerLock.take([link.userID], on: database)
            let active = try await ShareLinkModel.query(on: database).filter(\.$taskID == link.taskID).filter(\.$revokedAt == nil)
                .filter(\.$expiresAt > link.createdAt).count()
            guard active < ShareLink.maxActivePerTask else { throw ShareLinkCapReached() }
            try await ShareLinkModel(link).create(on: database)
        }
    }

    /// The task's links, newest first.
    public func list(taskID: UUID) async throws -> [ShareLink] {
        try await ShareLinkModel.query(on: connection.database).filter(\.$taskID == taskID).sort(\.$createdAt, .descending).all().map(\.domain)
    }

    /// Revokes the link of this task (once); nil when there is none.
    public func revoke(id: UUID, taskID: UUID, at now: Date) async throws -> ShareLink? {
        guard let model = try await ShareLinkModel.query(on: connection.database).filter(\.$id == id).filter(\.$taskID == taskID).first()
        else { return nil }
        if model.revokedAt == nil {
            model.revokedAt = now
            try await model.save(on: connection.database)
        }
        return model.domain
    }

    public func find(token: String) async throws -> ShareLink? {
        try await ShareLinkModel.query(on: connection.database).filter(\.$token == token).first()?.domain
    }
}
