import FluentKit
import Foundation
import VTONDomain

final class APIKeyModel: Model, @unchecked Sendable {
    static let schema = "api_keys"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "name") var name: String
    @Field(key: "prefix") var prefix: String
    @Field(key: "secret_hash") var secretHash: String
    @Field(key: "permissions") var permissions: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?

    init() {}

    init(_ key: APIKey) {
        id = key.id
        userID = key.userID
        name = key.name
        prefix = key.prefix
        secretHash = key.secretHash
        permissions = key.permissions.sorted().map(\.rawValue).joined(separator: ",")
        createdAt = key.createdAt
        lastUsedAt = key.lastUsedAt
    }

    var domain: APIKey {
        APIKey(
            id: id!, userID: userID, name: name, prefix: prefix, secretHash: secretHash,
            permissions: Set(permissions.split(separator: ",").compactMap { Permission(rawValue: String($0)) }), createdAt: createdAt,
            lastUsedAt: lastUsedAt)
    }
}
