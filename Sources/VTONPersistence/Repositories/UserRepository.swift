import FluentKit
import Foundation
import VTONDomain

public protocol UserRepository: Sendable {
    func find(id: UUID) async throws -> User?
    func find(username: String) async throws -> User?
    func create(_ user: User) async throws
    func updatePassword(userID: UUID, hash: String, tokensValidAfter: Date) async throws
}

public struct FluentUserRepository: UserRepository {
    let connection: DatabaseConnection

    public init(connection: DatabaseConnection) { self.connection = connection }

    public func find(id: UUID) async throws -> User? {
        try await UserModel.find(id, on: connection.database)?.domain
    }

    public func find(username: String) async throws -> User? {
        try await UserModel.query(on: connection.database).filter(\.$username == username).first()?.domain
    }

    public func create(_ user: User) async throws {
        try await UserModel(user).create(on: connection.database)
    }

    public func updatePassword(userID: UUID, hash: String, tokensValidAfter: Date) async throws {
        try await UserModel.query(on: connection.database)
            .filter(\.$id == userID)
            .set(\.$passwordHash, to: hash)
            .set(\.$tokensValidAfter, to: tokensValidAfter)
            .update()
    }
}
