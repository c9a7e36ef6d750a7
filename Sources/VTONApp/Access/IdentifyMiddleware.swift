import Hummingbird

/// Sets the request's identity from `Authorization: Bearer …` (a JWT or an API key) or the
/// older `token` header. It never refuses: which routes need an identity is
/// `AuthorizeMiddleware`'s decision, so the audit log between them sees who called.
struct IdentifyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let authenticator: Authenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = Self.token(in: request) else { return try await next(request, context) }
        var context = context
        context.identity = try await authenticator.identify(token: token)
        return try await next(request, context)
    }

    static func token(in request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]) }
        }
        return request.headers[.token]
    }
}
