import Foundation
import VTONDomain

struct APIKeyCreateDTO: Decodable {
    let name: String
    let permissions: [String]?
}

/// A key as listed: never its secret.
struct APIKeyDTO: Encodable {
    let id: UUID
    let name: String
    let prefix: String
    let permissions: [String]
    let createdAt: Date
    let lastUsedAt: Date?

    init(_ key: APIKey) {
        id = key.id
        name = key.name
        prefix = key.prefix
        permissions = key.permissions.sorted().map(\.rawValue)
        createdAt = key.createdAt
        lastUsedAt = key.lastUsedAt
    }
}

/// The answer to creating a key: the only time its secret is shown.
struct APIKeyIssuedDTO: Encodable {
    let key: String
    let apiKey: APIKeyDTO
}

struct APIKeyListDTO: Encodable {
    let keys: [APIKeyDTO]
}
