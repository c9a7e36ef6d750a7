import FluentKit
import Foundation
import SQLKit
import VTONDomain

final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @OptionalField(key: "email") var email: String?
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "is_superuser") var isSuperuser: Bool
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "tokens_valid_after") var tokensValidAfter: Date
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "credits") var credits: Int
    @OptionalField(key: "deleted_at") var deletedAt: Date?

    init() {}

    init(_ user: User) {
        id = user.id
        username = user.username
        email = user.email
        passwordHash = user.passwordHash
        isSuperuser = user.isSuperuser
        isActive = user.isActive
        tokensValidAfter = user.tokensValidAfter
        createdAt = user.createdAt
        credits = user.credits
    }

    func domain(roleIDs: [UUID]) -> User {
        User(
            id: id!, username: username, email: email, passwordHash: passwordHash, isSuperuser: isSuperuser, isActive: isActive,
            tokensValidAfter: tokensValidAfter, roleIDs: roleIDs, credits: credits, createdAt: createdAt)
    }

    /// The user of a plain SQL row, as every authenticated request reads it.
    static func user(from row: RowColumns, roleIDs: [UUID]) throws -> User {
        User(
            id: try row.value("id", as: UUID.self), username: try row.value("username", as: String.self),
            email: try row.optional("email", as: String.self), passwordHash: try row.value("password_hash", as: String.self),
            isSuperuser: try row.value("is_superuser", as: Bool.self), isActive: try row.value("is_active", as: Bool.self),
            tokensValidAfter: try row.value("tokens_valid_after", as: Date.self), roleIDs: roleIDs,
            credits: try row.value("credits", as: Int.self), createdAt: try row.value("created_at", as: Date.self))
    }
}
