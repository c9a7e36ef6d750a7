import Foundation

struct LoginRequestDTO: Decodable {
    let username: String
    let password: String
}

/// The seed system's envelope, kept for the login route only (API.md §1).
struct EnvelopeDTO<Payload: Encodable>: Encodable {
    let code: Int
    let msg: String
    let data: Payload
}

struct AccessTokenDTO: Encodable {
    let accessToken: String
    let username: String
    let tokenType: String
    let expiresAt: Date
}

struct UpdatePasswordDTO: Decodable {
    let oldPassword: String
    let newPassword: String

    enum CodingKeys: String, CodingKey {
        case oldPassword = "old_password"
        case newPassword = "new_password"
    }
}

struct UserInfoDTO: Encodable {
    let id: UUID
    let username: String
    let email: String?
    let isSuperuser: Bool
    let isActive: Bool
    let roles: [String]
    let permissions: [String]
    let credits: Int
    /// True when the caller used an API key, whose permissions may be fewer than the user's.
    let viaApiKey: Bool
}

struct MessageDTO: Encodable {
    let detail: String
}
