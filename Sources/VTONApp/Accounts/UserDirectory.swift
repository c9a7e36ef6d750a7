import Foundation
import VTONDomain
import VTONPersistence

/// An account to create, as an administrator or a sign-up gives it.
struct NewAccount {
    var username: String
    var email: String?
    var password: String
    var isActive: Bool
    var isSuperuser: Bool
    var roleIDs: [UUID]
}

/// What an administrator changes on a user; nil leaves a field as it is.
struct AccountChanges {
    var username: String?
    var email: String??
    var isActive: Bool?
    var isSuperuser: Bool?
    var roleIDs: [UUID]?
}

/// Whether sign-up is open, and what every new account starts with.
struct SignupPolicy: Sendable {
    var allowed: Bool
    var newUserCredits: Int
}

/// Creating, changing, deleting users and resetting passwords: each check a client can fail
/// (names taken, weak passwords, unknown roles, powers the actor does not hold) is a 4xx naming
/// the field, and each change that should end a user's sessions revokes their tokens and API
/// keys and closes their sockets.
struct UserDirectory: Sendable {
    let users: any UserRepository
    let roles: RoleCatalogue
    let apiKeys: any APIKeyRepository
    let hasher: PasswordHasher
    let sockets: LiveSockets
    let recentUsers: RecentUsers
    let signup: SignupPolicy

    /// `actor` is nil for a sign-up, which the policy bounds instead.
    func create(_ account: NewAccount, actor: Identity?) async throws -> User {
        let username: String
        let email: String?
        do {
            username = try AccountFields.username(account.username)
            email = try AccountFields.email(account.email)
            try PasswordPolicy.check(account.password, username: username, field: "password")
        } catch { throw APIError.validation(error) }
        try await checkFree(username: username, email: email, except: nil)
        try await checkRoles(account.roleIDs)
        let granted = try await roles.roles(ids: account.roleIDs)
        if let actor {
            let after = Delegation.Account(id: nil, isSuperuser: account.isSuperuser, permissions: Self.permissions(of: granted))
            try await actor.delegating { try $0.checkAccount(before: nil, after: after, rolesChanged: granted) }
        }
        let user = User(
            username: username, email: email, passwordHash: try await hasher.hash(account.password), isSuperuser: account.isSuperuser,
            isActive: account.isActive, roleIDs: account.roleIDs)
        try await Self.uniqueNames { try await users.create(user, grant: account.isSuperuser ? 0 : signup.newUserCredits, actorID: actor?.user.id) }
        return try await users.find(id: user.id) ?? user
    }

    func update(id: UUID, _ changes: AccountChanges, actor: Identity) async throws -> User {
        guard var user = try await users.find(id: id) else { throw APIError.notFound("user") }
        let before = try await account(user)
        if let raw = changes.username {
            do { user.username = try AccountFields.username(raw) } catch { throw APIError.validation(error) }
        }
        if let raw = changes.email {
            do { user.email = try AccountFields.email(raw) } catch { throw APIError.validation(error) }
        }
        try await checkFree(username: changes.username == nil ? nil : user.username, email: changes.email == nil ? nil : user.email, except: id)
        var rolesChanged: [Role] = []
        if let roleIDs = changes.roleIDs {
            try await checkRoles(roleIDs)
            let changed = Set(roleIDs).symmetricDifference(user.roleIDs)
            rolesChanged = try await roles.all().filter { changed.contains($0.id) }
            user.roleIDs = roleIDs
        }
        if let isSuperuser = changes.isSuperuser {
            guard isSuperuser || id != actor.user.id else {
                throw APIError(.conflict, code: "SELF_DEMOTION", "you cannot take away your own superuser status", field: "is_superuser")
            }
            user.isSuperuser = isSuperuser
        }
        var revoke = false
        if let isActive = changes.isActive, isActive != user.isActive {
            guard isActive || id != actor.user.id else {
                throw APIError(.conflict, code: "SELF_DEACTIVATION", "you cannot deactivate your own account", field: "is_active")
            }
            user.isActive = isActive
            if !isActive {
                user.tokensValidAfter = Date()
                revoke = true
            }
        }
        try await actor.delegating {
            try $0.checkAccount(before: before, after: try await account(user), rolesChanged: rolesChanged)
        }
        try await Self.uniqueNames { try await users.update(user) }
        recentUsers.forget(userID: id)
        if revoke { try await endSessions(of: id) }
        return user
    }

    func delete(id: UUID, actor: Identity) async throws {
        guard let user = try await users.find(id: id) else { throw APIError.notFound("user") }
        guard id != actor.user.id else { throw APIError(.conflict, code: "SELF_DELETION", "you cannot delete your own account") }
        let target = try await account(user)
        try await actor.delegating { try $0.checkTakeOver(target) }
        try await users.markDeleted(userID: id, at: Date())
        recentUsers.forget(userID: id)
        try await endSessions(of: id)
    }

    /// Sets the given password, or a generated one which is returned (shown once).
    func resetPassword(id: UUID, to given: String?, actor: Identity) async throws -> String? {
        guard let user = try await users.find(id: id) else { throw APIError.notFound("user") }
        let target = try await account(user)
        try await actor.delegating { try $0.checkTakeOver(target) }
        let password = given ?? Self.generatedPassword()
        do { try PasswordPolicy.check(password, username: user.username, field: "new_password") } catch { throw APIError.validation(error) }
        try await setPassword(password, for: id)
        return given == nil ? password : nil
    }

    /// Stores a checked password and ends the user's sessions: every token issued before now
    /// stops working (the caller's own included), their API keys are revoked and their sockets close.
    func setPassword(_ password: String, for userID: UUID) async throws {
        try await users.updatePassword(userID: userID, hash: try await hasher.hash(password), tokensValidAfter: Date())
        recentUsers.forget(userID: userID)
        try await endSessions(of: userID)
    }

    /// Revokes the API keys (tokens are already cut off by the user's `tokensValidAfter`) and
    /// closes the sockets. Keys are deleted, so reactivating an account never revives them.
    private func endSessions(of userID: UUID) async throws {
        try await apiKeys.deleteAll(userID: userID)
        sockets.revoke(userID: userID)
    }

    private func account(_ user: User) async throws -> Delegation.Account {
        Delegation.Account(id: user.id, isSuperuser: user.isSuperuser, permissions: Self.permissions(of: try await roles.roles(ids: user.roleIDs)))
    }

    private static func permissions(of roles: [Role]) -> Set<Permission> {
        roles.reduce(into: []) { $0.formUnion($1.permissions) }
    }

    /// Two requests may pass `checkFree` at once: the database's unique indexes decide, and the
    /// loser hears the same 409 as if it had come second.
    private static func uniqueNames(_ write: () async throws -> Void) async throws {
        do { try await write() } catch let violation as UniqueViolation {
            throw violation.field == "email" ? emailTaken : usernameTaken
        }
    }

    private static let usernameTaken = APIError(.conflict, code: "USERNAME_TAKEN", "the username is already taken", field: "username")
    private static let emailTaken = APIError(.conflict, code: "EMAIL_TAKEN", "the e-mail address is already in use", field: "email")

    private func checkFree(username: String?, email: String?, except userID: UUID?) async throws {
        let taken = try await users.taken(username: username, email: email, except: userID)
        if taken.username { throw Self.usernameTaken }
        if taken.email { throw Self.emailTaken }
    }

    private func checkRoles(_ ids: [UUID]) async throws {
        let known = Set(try await roles.all().map(\.id))
        for (index, id) in ids.enumerated() where !known.contains(id) {
            throw APIError.validation(ValidationError(field: "role_ids[\(index)]", "no role has the id \(id)"))
        }
    }

    static func generatedPassword() -> String {
        // Without look-alikes (0/O, 1/l/I): it is read off a screen and typed.
        let body = CryptoText.random(length: 14, alphabet: "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        // The policy wants a letter and a non-letter; the random part may lack either.
        return body + "-7a"
    }
}
