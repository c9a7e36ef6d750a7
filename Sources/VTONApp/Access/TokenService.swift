import Foundation
import JWTKit

/// JWT claims of API.md §1.
struct AccessClaims: JWTPayload {
    var sub: SubjectClaim
    var username: String
    var is_superuser: Bool
    var exp: ExpirationClaim
    var iat: IssuedAtClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

/// Issues and checks HS256 access tokens.
public struct TokenService: Sendable {
    let keys: JWTKeyCollection
    let lifetime: TimeInterval
    /// Tokens whose signature was found valid, with what they say.
    private let verified = BoundedMemo<String, VerifiedClaims>(limit: 4096)

    private struct VerifiedClaims {
        let userID: UUID
        let issuedAt: Date
        let expiresAt: Date
    }

    public init(secret: String, lifetime: TimeInterval) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.lifetime = lifetime
    }

    public struct Issued: Sendable {
        public let token: String
        public let expiresAt: Date
    }

    func issue(userID: UUID, username: String, isSuperuser: Bool, now: Date = Date()) async throws -> Issued {
        let expiresAt = now.addingTimeInterval(lifetime)
        let claims = AccessClaims(
            sub: .init(value: userID.uuidString), username: username, is_superuser: isSuperuser,
            exp: .init(value: expiresAt), iat: .init(value: now))
        return Issued(token: try await keys.sign(claims), expiresAt: expiresAt)
    }

    /// The user id and issue time of a valid token, or nil for anything else. A token's
    /// signature is checked once: every request of a session sends the same token, and the
    /// check (through the key collection's actor, one request at a time) cost more than the
    /// rest of identifying the caller. Expiry is checked on every call.
    func verify(_ token: String, now: Date = Date()) async -> (userID: UUID, issuedAt: Date)? {
        if let known = verified.value(for: token) { return known.expiresAt > now ? (known.userID, known.issuedAt) : nil }
        guard let claims = try? await keys.verify(token, as: AccessClaims.self), let id = UUID(uuidString: claims.sub.value) else {
            return nil
        }
        verified.remember(VerifiedClaims(userID: id, issuedAt: claims.iat.value, expiresAt: claims.exp.value), for: token)
        return (id, claims.iat.value)
    }
}
