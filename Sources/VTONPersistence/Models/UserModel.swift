import FluentKit
import Foundation
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
        UserRow(
            id: id!, username: username, email: email, passwordHash: passwordHash, isSuperuser: isSuperuser, isActive: isActive,
            tokensValidAfter: tokensValidAfter, credits: credits, createdAt: createdAt
        ).domain(roleIDs: roleIDs)
    }
}

/// A `users` row as plain values, decoded straight from SQL on every authenticated request
/// (see `TaskRow` for why), and the one mapping to a `User`.
struct UserRow: Decodable {
    let id: UUID
    let username: String
    let email: String?
    let passwordHash: String
    let isSuperuser: Bool
    let isActive: Bool
    let tokensValidAfter: Date
    let credits: Int
    let createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id
        case username
        case email
        case passwordHash = "password_hash"
        case isSuperuser = "is_superuser"
        case isActive = "is_active"
        case tokensValidAfter = "tokens_valid_after"
        case credits
        case createdAt = "created_at"
    }

    func domain(roleIDs: [UUID]) -> User {
        User(
            id: id, username: username, email: email, passwordHash: passwordHash, isSuperuser: isSuperuser, isActive: isActive,
            tokensValidAfter: tokensValidAfter, roleIDs: roleIDs, credits: credits, createdAt: createdAt)
    }
}
