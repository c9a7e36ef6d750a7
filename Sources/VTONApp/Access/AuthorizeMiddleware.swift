import Hummingbird
import VTONDomain

/// The one place where permissions are checked: each route's `RouteAccess` comes from
/// `APIRoute.all`; a route missing there is refused, so forgetting to declare one fails closed.
struct AuthorizeMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let access: [String: RouteAccess]

    init(routes: [APIRoute] = APIRoute.all) {
        access = Dictionary(uniqueKeysWithValues: routes.map { (Self.key(method: $0.method, path: $0.path), $0.access) })
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = context.endpointPath ?? request.uri.path
        guard let rule = access[Self.key(method: request.method.rawValue, path: path)] else {
            throw APIError(.forbidden, code: "FORBIDDEN", "no permission is declared for \(request.method.rawValue) \(path)")
        }
        guard case .permission(let permission) = rule else { return try await next(request, context) }
        guard let identity = context.identity else { throw APIError.unauthorized }
        guard identity.allows(permission) else {
            throw APIError(.forbidden, code: "FORBIDDEN", "this needs the permission \"\(permission.rawValue)\"")
        }
        return try await next(request, context)
    }

    /// "GET /api/v1/images": router paths may lack the leading slash or carry a trailing one.
    static func key(method: String, path: String) -> String {
        var path = path.hasPrefix("/") ? path : "/" + path
        if path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return "\(method) \(path)"
    }
}
