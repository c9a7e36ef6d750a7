import FluentKit
import Foundation
import VTONDomain

public protocol RoleRepository: Sendable {
    func all() async throws -> [Role]
    func find(id: UUID) async throws -> Role?
    func find(name: String) async throws -> Role?
    func save(_ role: Role) async throws
    func delete(id: UUID) async throws
}

public struct FluentRoleRepository: RoleRepository {
    let connection: DatabaseConnection

    public init(connection: DatabaseConnection) { self.connection = connection }

    public func all() async throws -> [Role] {
        try await RoleModel.query(on: connection.database).sort(\.$name).all().map(\.domain)
    }

    public func find(id: UUID) async throws -> Role? {
        try await RoleModel.find(id, on: connection.database)?.domain
    }

    public func find(name: String) async throws -> Role? {
        try await RoleModel.query(on: connection.database).filter(\.$name == name).first()?.domain
    }

    /// Throws `UniqueViolation` when another role has the name.
    public func save(_ role: Role) async throws {
        try await UniqueViolation.naming(["name"], of: "roles") { try await write(role) }
    }

    private func write(_ role: Role) async throws {
        let database = try connection.database
        if let row = try await RoleModel.find(role.id, on: database) {
            row.apply(role)
            try await row.update(on: database)
        } else {
            try await RoleModel(role).create(on: database)
        }
    }

    public func delete(id: UUID) async throws {
        try await connection.database.transaction { database in
            try await UserRoleModel.query(on: database).filter(\.$roleID == id).delete()
            try await RoleModel.query(on: database).filter(\.$id == id).delete()
        }
    }
}
