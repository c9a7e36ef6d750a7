import Foundation
import VTONDomain
import VTONPersistence

/// Resolves a bearer token, a JWT or an API key, to the active user it speaks for.
public struct Authenticator: Sendable {
    let tokens: TokenService
    let users: any UserRepository
    let recentUsers: RecentUsers
    let roles: RoleCatalogue
    let apiKeys: APIKeyService

    /// Nil for a token that is invalid, expired, revoked or of an inactive user; a database
    /// failure is thrown, so it becomes a 503 rather than a misleading 401.
    func identify(token: String) async throws -> Identity? {
        if token.hasPrefix(APIKey.marker) {
            // A key made before the owner's sessions were last ended (password change or reset,
            // deactivation) is revoked with them, even if a racing deletion missed it.
            guard let key = try await apiKeys.verify(token), let user = try await user(id: key.userID), user.isActive,
                key.createdAt >= user.tokensValidAfter
            else { return nil }
            return Identity(user: user, roles: try await roles.roles(ids: user.roleIDs), apiKey: key)
        }
        guard let claims = await tokens.verify(token) else { return nil }
        guard let user = try await user(id: claims.userID), user.isActive, claims.issuedAt >= user.tokensValidAfter else { return nil }
        return Identity(user: user, roles: try await roles.roles(ids: user.roleIDs))
    }

    private func user(id: UUID) async throws -> User? {
        try await recentUsers.user(id: id) { try await users.find(id: id) }
    }
}
