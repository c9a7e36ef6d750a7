import Hummingbird
import VTONPersistence

/// Sets the request's identity from `Authorization: Bearer …` or the older `token` header.
/// Routes behind it answer 401 without a valid, unrevoked token of an active user.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let authenticator: Authenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = Self.token(in: request), let identity = try await authenticator.identify(token: token) else {
            throw APIError.unauthorized
        }
        var context = context
        context.identity = identity
        return try await next(request, context)
    }

    static func token(in request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]) }
        }
        return request.headers[.init("token")!]
    }
}

/// Resolves a token to the active user it was issued for.
public struct Authenticator: Sendable {
    let tokens: TokenService
    let users: any UserRepository

    /// Nil for a token that is invalid, expired, revoked or of an inactive user; a database
    /// failure is thrown, so it becomes a 503 rather than a misleading 401.
    func identify(token: String) async throws -> Identity? {
        guard let claims = await tokens.verify(token) else { return nil }
        guard let user = try await users.find(id: claims.userID), user.isActive, claims.issuedAt >= user.tokensValidAfter else { return nil }
        return Identity(user: user)
    }
}
