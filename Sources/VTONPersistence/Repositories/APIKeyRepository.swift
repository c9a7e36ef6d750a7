import FluentKit
import Foundation
import VTONDomain

public protocol APIKeyRepository: Sendable {
    func create(_ key: APIKey) async throws
    func list(userID: UUID) async throws -> [APIKey]
    func find(prefix: String) async throws -> APIKey?
    /// False when the user has no such key.
    func delete(id: UUID, userID: UUID) async throws -> Bool
    func recordUse(id: UUID, at date: Date) async throws
}

public struct FluentAPIKeyRepository: APIKeyRepository {
    let connection: DatabaseConnection

    public init(connection: DatabaseConnection) { self.connection = connection }

    public func create(_ key: APIKey) async throws {
        try await APIKeyModel(key).create(on: connection.database)
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
