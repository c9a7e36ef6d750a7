import Foundation
import VTONDomain

/// A user as administrators and the user themself see them; never the password hash.
struct UserDTO: Encodable {
    let id: UUID
    let username: String
    let email: String?
    let isActive: Bool
    let isSuperuser: Bool
    let roles: [RoleRefDTO]
    let credits: Int
    let createdAt: Date

    init(_ user: User, roles: [Role]) {
        id = user.id
        username = user.username
        email = user.email
        isActive = user.isActive
        isSuperuser = user.isSuperuser
        self.roles = roles.filter { user.roleIDs.contains($0.id) }.map { RoleRefDTO(id: $0.id, name: $0.name) }
        credits = user.credits
        createdAt = user.createdAt
    }
}

struct RoleRefDTO: Encodable {
    let id: UUID
    let name: String
}

/// The admin lists' page shape of the seed's system: `{data,total,page,page_size}`.
struct PagedDTO<Item: Encodable>: Encodable {
    let data: [Item]
    let total: Int
    let page: Int
    let pageSize: Int
}

struct RegisterDTO: Decodable {
    let username: String
    let email: String?
    let password: String
}

struct UserCreateDTO: Decodable {
    let username: String
    let email: String?
    let password: String
    let isActive: Bool?
    let isSuperuser: Bool?
    let roleIds: [UUID]?

    enum CodingKeys: String, CodingKey {
        case username, email, password
        case isActive = "is_active"
        case isSuperuser = "is_superuser"
        case roleIds = "role_ids"
    }
}

struct UserUpdateDTO: Decodable {
    let id: UUID
    let username: String?
    /// Absent leaves the address; null or "" removes it.
    let email: String??
    let isActive: Bool?
    let isSuperuser: Bool?
    let roleIds: [UUID]?

    enum CodingKeys: String, CodingKey {
        case id, username, email
        case isActive = "is_active"
        case isSuperuser = "is_superuser"
        case roleIds = "role_ids"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        username = try container.decodeIfPresent(String.self, forKey: .username)
        email = container.contains(.email) ? .some(try container.decodeIfPresent(String.self, forKey: .email)) : .none
        isActive = try container.decodeIfPresent(Bool.self, forKey: .isActive)
        isSuperuser = try container.decodeIfPresent(Bool.self, forKey: .isSuperuser)
        roleIds = try container.decodeIfPresent([UUID].self, forKey: .roleIds)
    }

    var changes: AccountChanges {
        AccountChanges(username: username, email: email, isActive: isActive, isSuperuser: isSuperuser, roleIDs: roleIds)
    }
}

struct ResetPasswordDTO: Decodable {
    let userId: UUID
    let newPassword: String?

    enum CodingKeys: String, CodingKey {
        case userId = "user_id"
        case newPassword = "new_password"
    }
}

struct PasswordResetDTO: Encodable {
    let detail: String
    /// Only when the server chose it: shown this once.
    let newPassword: String?
}
