import FluentKit
import Foundation
import VTONDomain

/// A user already holds as many keys as allowed.
public struct TooManyAPIKeys: Error, Sendable {
    public let limit: Int
}

public protocol APIKeyRepository: Sendable {
    /// Writes the key unless its owner holds `limit` keys already (`TooManyAPIKeys`), decided
    /// in the writing transaction so simultaneous requests cannot pass the cap together.
    func create(_ key: APIKey, limit: Int) async throws
    func list(userID: UUID) async throws -> [APIKey]
    func find(prefix: String) async throws -> APIKey?
    /// False when the user has no such key.
    func delete(id: UUID, userID: UUID) async throws -> Bool
    func recordUse(id: UUID, at date: Date) async throws
    /// Revokes every key of the user.
    func deleteAll(userID: UUID) async throws
}

public struct FluentAPIKeyRepository: APIKeyRepository {
    let connection: DatabaseConnection

    public init(connection: DatabaseConnection) { self.connection = connection }

    public func create(_ key: APIKey, limit: Int) async throws {
        try await connection.database.transaction { database in
            try await OwnerLock.take([key.userID], on: database)
            guard try await APIKeyModel.query(on: database).filter(\.$userID == key.userID).count() < limit else {
                throw TooManyAPIKeys(limit: limit)
            }
            try await APIKeyModel(key).create(on: database)
        }
    }

    public func deleteAll(userID: UUID) async throws {
        try await APIKeyModel.query(on: connection.database).filter(\.$userID == userID).delete()
    }

    public func list(userID: UUID) async throws -> [APIKey] {
        try await APIKeyModel.query(on: connection.database).filter(\.$userID == userID).sort(\.$createdAt, .descending).all().map(\.domain)
    }

    public func find(prefix: String) async throws -> APIKey? {
        try await APIKeyModel.query(on: connection.database).filter(\.$prefix == prefix).first()?.domain
    }

    public func delete(id: UUID, userID: UUID) async throws -> Bool {
        let database = try connection.database
        guard try await APIKeyModel.query(on: database).filter(\.$id == id).filter(\.$userID == userID).count() > 0 else { return false }
        try await APIKeyModel.query(on: database).filter(\.$id == id).delete()
        return true
    }

    public func recordUse(id: UUID, at date: Date) async throws {
        try await APIKeyModel.query(on: connection.database).filter(\.$id == id).set(\.$lastUsedAt, to: date).update()
    }
}
