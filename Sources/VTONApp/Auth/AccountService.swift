import Foundation
import Logging
import VTONDomain
import VTONPersistence

/// Logins, password changes and the first-start admin account.
public struct AccountService: Sendable {
    let users: any UserRepository
    let hasher: PasswordHasher
    let tokens: TokenService
    static let defaultAdmin = (username: "admin", password: "123456")
    static let minimumPasswordLength = 6
    /// Verified against when the username is unknown, so both failures take the same time.
    private let decoyHash: String

    init(users: any UserRepository, hasher: PasswordHasher, tokens: TokenService) async throws {
        self.users = users
        self.hasher = hasher
        self.tokens = tokens
        decoyHash = try await hasher.hash("decoy-password-never-matches")
    }

    struct InvalidCredentials: Error {}

    func login(username: String, password: String) async throws -> (User, TokenService.Issued) {
        let user = try await users.find(username: username)
        let matches = try await hasher.verify(password, hash: user?.passwordHash ?? decoyHash)
        guard let user, matches, user.isActive else { throw APIError(.unauthorized, code: "INVALID_CREDENTIALS", "incorrect username or password") }
        return (user, try await tokens.issue(userID: user.id, username: user.username, isSuperuser: user.isSuperuser))
    }

    func changePassword(user: User, old: String, new: String) async throws {
        guard try await hasher.verify(old, hash: user.passwordHash) else {
            throw APIError(.badRequest, code: "WRONG_PASSWORD", "the old password is not correct", field: "old_password")
        }
        try Self.checkStrength(new, field: "new_password")
        guard new != old else {
            throw APIError(.badRequest, code: "SAME_PASSWORD", "the new password must differ from the old one", field: "new_password")
        }
        // Every token issued before this moment stops working, the caller's own included.
        try await users.updatePassword(userID: user.id, hash: try await hasher.hash(new), tokensValidAfter: Date())
    }

    static func checkStrength(_ password: String, field: String) throws {
        guard password.count >= minimumPasswordLength, password.count <= 128 else {
            throw APIError(.badRequest, code: "WEAK_PASSWORD", "password must be \(minimumPasswordLength)–128 characters", field: field)
        }
    }

    /// Creates `admin` on first start; applies VTON_ADMIN_PASSWORD when given; in production
    /// refuses to run while the admin still has the published default password.
    func prepareAdmin(configuredPassword: String?, environment: DeploymentEnvironment, logger: Logger) async throws {
        let existing = try await users.find(username: Self.defaultAdmin.username)
        if existing == nil {
            let password = configuredPassword ?? Self.defaultAdmin.password
            let admin = User(username: Self.defaultAdmin.username, email: nil, passwordHash: try await hasher.hash(password), isSuperuser: true)
            try await users.create(admin)
            logger.notice("created the admin account", metadata: ["username": "admin"])
        } else if let existing, let configuredPassword, try await !hasher.verify(configuredPassword, hash: existing.passwordHash) {
            try await users.updatePassword(userID: existing.id, hash: try await hasher.hash(configuredPassword), tokensValidAfter: Date())
        }
        guard environment == .production, configuredPassword == nil else { return }
        if let admin = try await users.find(username: Self.defaultAdmin.username),
            try await hasher.verify(Self.defaultAdmin.password, hash: admin.passwordHash)
        {
            throw AppConfiguration.Invalid(
                setting: "VTON_ADMIN_PASSWORD",
                problem: "is required in production while admin still has the default password 123456 (set it, or change the password first)")
        }
    }
}
