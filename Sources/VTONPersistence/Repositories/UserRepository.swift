import FluentKit
import FluentSQL
import Foundation
import SQLKit
import VTONDomain

public struct UserSearch: Sendable {
    public var username: String?
    public var email: String?
    public var page: Int
    public var pageSize: Int

    public init(username: String? = nil, email: String? = nil, page: Int = 1, pageSize: Int = 10) {
        self.username = username
        self.email = email
        self.page = page
        self.pageSize = pageSize
    }
}

public struct UserPage: Sendable {
    public let users: [User]
    public let total: Int
}

public protocol UserRepository: Sendable {
    func find(id: UUID) async throws -> User?
    func find(username: String) async throws -> User?
    /// Which of a username and an e-mail address another account already has.
    func taken(username: String?, email: String?, except userID: UUID?) async throws -> (username: Bool, email: Bool)
    /// Writes the user with its roles; a positive `grant` is its first ledger row.
    func create(_ user: User, grant: Int, actorID: UUID?) async throws
    /// Saves name, e-mail, flags, roles and token cut-off.
    func update(_ user: User) async throws
    func updatePassword(userID: UUID, hash: String, tokensValidAfter: Date) async throws
    /// Deactivates the account and hides it from lists; its tasks and ledger keep naming it.
    func markDeleted(userID: UUID, at date: Date) async throws
    func list(_ search: UserSearch) async throws -> UserPage
}

public struct FluentUserRepository: UserRepository {
    let connection: DatabaseConnection

    public init(connection: DatabaseConnection) { self.connection = connection }

    /// Every authenticated request's lookup, in one query: a row per role (or one without a
    /// role), on the read connections.
    public func find(id: UUID) async throws -> User? {
        let rows = try await connection.read(
            "SELECT users.*, user_roles.role_id FROM users LEFT JOIN user_roles ON user_roles.user_id = users.id WHERE users.id = \(bind: id)"
        )
        guard let first = rows.first else { return nil }
        return try UserModel.user(from: first, roleIDs: try rows.compactMap { try $0.optional("role_id", as: UUID.self) })
    }

    public func find(username: String) async throws -> User? {
        let database = try connection.database
        guard let row = try await UserModel.query(on: database).filter(Self.caseless("username", username)).first() else { return nil }
        return try await row.domain(roleIDs: roleIDs(of: row.id!, on: database))
    }

    public func taken(username: String?, email: String?, except userID: UUID?) async throws -> (username: Bool, email: Bool) {
        let database = try connection.database
        func exists(_ matching: (QueryBuilder<UserModel>) -> QueryBuilder<UserModel>) async throws -> Bool {
            var query = matching(UserModel.query(on: database))
            if let userID { query = query.filter(\.$id != userID) }
            return try await query.count() > 0
        }
        let usernameTaken = if let username { try await exists { $0.filter(Self.caseless("username", username)) } } else { false }
        let emailTaken = if let email { try await exists { $0.filter(Self.caseless("email", email)) } } else { false }
        return (usernameTaken, emailTaken)
    }

    /// `lower(column) = lower(value)`, the form the case-insensitive unique indexes cover.
    private static func caseless(_ column: String, _ value: String) -> DatabaseQuery.Filter {
        .sql(
            SQLBinaryExpression(
                left: SQLFunction("lower", args: SQLIdentifier(column)), op: SQLBinaryOperator.equal, right: SQLBind(value.lowercased())))
    }

    public func create(_ user: User, grant: Int, actorID: UUID?) async throws {
        try await UniqueViolation.naming(Self.uniqueFields, of: "users") { try await insert(user, grant: grant, actorID: actorID) }
    }

    /// Usernames and e-mail addresses are unique regardless of case (`AddCaseInsensitiveUserIndexes`).
    static let uniqueFields = ["username", "email"]

    private func insert(_ user: User, grant: Int, actorID: UUID?) async throws {
        try await connection.database.transaction { database in
            var stored = user
            stored.credits = 0
            try await UserModel(stored).create(on: database)
            for roleID in Set(user.roleIDs) { try await UserRoleModel(userID: user.id, roleID: roleID).create(on: database) }
            if grant > 0 {
                try await CreditBook.move(userID: user.id, delta: grant, kind: .grant, actorID: actorID, reason: "new account", on: database)
            }
        }
    }

    public func update(_ user: User) async throws {
        try await UniqueViolation.naming(Self.uniqueFields, of: "users") { try await write(user) }
    }

    private func write(_ user: User) async throws {
        try await connection.database.transaction { database in
            try await UserModel.query(on: database).filter(\.$id == user.id)
                .set(\.$username, to: user.username).set(\.$email, to: user.email)
                .set(\.$isActive, to: user.isActive).set(\.$isSuperuser, to: user.isSuperuser)
                .set(\.$tokensValidAfter, to: user.tokensValidAfter)
                .update()
            try await UserRoleModel.query(on: database).filter(\.$userID == user.id).delete()
            for roleID in Set(user.roleIDs) { try await UserRoleModel(userID: user.id, roleID: roleID).create(on: database) }
        }
    }

    public func updatePassword(userID: UUID, hash: String, tokensValidAfter: Date) async throws {
        try await UserModel.query(on: connection.database)
            .filter(\.$id == userID)
            .set(\.$passwordHash, to: hash)
            .set(\.$tokensValidAfter, to: tokensValidAfter)
            .update()
    }

    public func markDeleted(userID: UUID, at date: Date) async throws {
        try await UserModel.query(on: connection.database).filter(\.$id == userID)
            .set(\.$isActive, to: false).set(\.$deletedAt, to: date).set(\.$tokensValidAfter, to: date)
            .update()
    }

    public func list(_ search: UserSearch) async throws -> UserPage {
        let database = try connection.database
        var query = UserModel.query(on: database).filter(\.$deletedAt == nil)
        if let username = search.username, !username.isEmpty { query = query.filter(\.$username, .contains(inverse: false, .anywhere), username) }
        if let email = search.email, !email.isEmpty { query = query.filter(\.$email, .contains(inverse: false, .anywhere), email) }
        let total = try await query.copy().count()
        let offset = (search.page - 1) * search.pageSize
        let rows = try await query.sort(\.$createdAt).sort(\.$username).range(offset..<(offset + search.pageSize)).all()
        let ids = rows.compactMap(\.id)
        var roles: [UUID: [UUID]] = [:]
        if !ids.isEmpty {
            for link in try await UserRoleModel.query(on: database).filter(\.$userID ~~ ids).all() {
                roles[link.userID, default: []].append(link.roleID)
            }
        }
        return UserPage(users: rows.map { $0.domain(roleIDs: roles[$0.id!] ?? []) }, total: total)
    }

    private func roleIDs(of userID: UUID, on database: any Database) async throws -> [UUID] {
        try await UserRoleModel.query(on: database).filter(\.$userID == userID).all(\.$roleID)
    }
}
