import Foundation
import Logging
import VTONDomain
import VTONPersistence

/// Logins, sign-up, password changes and the first-start admin account.
public struct AccountService: Sendable {
    let users: any UserRepository
    let directory: UserDirectory
    let hasher: PasswordHasher
    let tokens: TokenService
    let throttle: LoginThrottle
    static let defaultAdmin = (username: "admin", password: "123456")
    /// Verified against when the username is unknown, so both failures take the same time.
    private let decoyHash: String

    init(
        users: any UserRepository, directory: UserDirectory, hasher: PasswordHasher, tokens: TokenService, throttle: LoginThrottle
    ) async throws {
        self.users = users
        self.directory = directory
        self.hasher = hasher
        self.tokens = tokens
        self.throttle = throttle
        decoyHash = try await hasher.hash("decoy-password-never-matches")
    }

    /// Checks the password after any throttling delay; the same 401 whether or not the user exists.
    func login(username: String, password: String, clientAddress: String?) async throws -> (User, TokenService.Issued) {
        let attempt = try await throttled(username: username, clientAddress: clientAddress)
        let user = try await users.find(username: username)
        let matches = try await hasher.verify(password, hash: user?.passwordHash ?? decoyHash)
        guard let user, matches, user.isActive else {
            throw APIError(.unauthorized, code: "INVALID_CREDENTIALS", "incorrect username or password")
        }
        try await throttle.succeeded(attempt)
        return (user, try await tokens.issue(userID: user.id, username: user.username, isSuperuser: user.isSuperuser))
    }

    /// Counts a password guess (a login, or an old password given to change it) and waits
    /// what the throttle asks before the password may be checked.
    private func throttled(username: String, clientAddress: String?) async throws -> LoginThrottle.Attempt {
        let (attempt, delay) = try await throttle.begin(username: username, address: clientAddress)
        if delay > 0 { try await Task.sleep(for: .milliseconds(Int(delay * 1000))) }
        return attempt
    }

    /// Sign-up (when enabled): an ordinary account with the `user` role and the new-user grant.
    func register(username: String, email: String?, password: String) async throws -> User {
        guard directory.signup.allowed else { throw APIError(.forbidden, code: "SIGNUP_DISABLED", "sign-up is disabled on this server") }
        return try await directory.create(
            NewAccount(username: username, email: email, password: password, isActive: true, isSuperuser: false, roleIDs: [Role.userID]),
            actor: nil)
    }

    /// A wrong old password counts as a failed login: a stolen session must not be a way to
    /// guess the password at full speed.
    func changePassword(user: User, old: String, new: String, clientAddress: String?) async throws {
        let user = try await users.stored(user)
        let attempt = try await throttled(username: user.username, clientAddress: clientAddress)
        guard try await hasher.verify(old, hash: user.passwordHash) else {
            throw APIError(.badRequest, code: "WRONG_PASSWORD", "the old password is not correct", field: "old_password")
        }
        try await throttle.succeeded(attempt)
        do { try PasswordPolicy.check(new, username: user.username, field: "new_password") } catch {
            throw APIError(.badRequest, code: "WEAK_PASSWORD", "new_password \(error.message)", field: "new_password")
        }
        guard new != old else {
            throw APIError(.badRequest, code: "SAME_PASSWORD", "the new password must differ from the old one", field: "new_password")
        }
        try await directory.setPassword(new, for: user.id)
    }

    /// Creates `admin` on first start; applies VTON_ADMIN_PASSWORD when given; in production
    /// refuses to run while the admin still has the published default password.
    func prepareAdmin(configuredPassword: String?, environment: DeploymentEnvironment, logger: Logger) async throws {
        let existing = try await users.find(username: Self.defaultAdmin.username)
        if existing == nil {
            let password = configuredPassword ?? Self.defaultAdmin.password
            let admin = User(
                username: Self.defaultAdmin.username, email: nil, passwordHash: try await hasher.hash(password), isSuperuser: true,
                roleIDs: [Role.adminID])
            try await users.create(admin, grant: 0, actorID: nil)
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
