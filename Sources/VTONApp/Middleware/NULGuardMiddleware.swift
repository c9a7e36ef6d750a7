import Foundation
import Hummingbird
import VTONDomain

/// Refuses U+0000 in a request's path (no such resource: `404`) or query (`422` naming the
/// parameter) before anything reads or records them; bodies are checked where they are
/// decoded (`JSONRequestDecoder`). See `NULText` for why.
struct NULGuardMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    private static let escapedNUL = Array("%00".utf8)

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // A request line cannot carry a raw NUL, only its escape: most requests are let through on one scan.
        guard request.uri.description.utf8.containsBytes(Self.escapedNUL) else { return try await next(request, context) }
        if NULText.holds(request.uri.path.removingPercentEncoding ?? request.uri.path) {
            throw APIError(.notFound, code: "NOT_FOUND", "no resource has a name holding the NUL character (U+0000)")
        }
        for (name, value) in request.uri.queryParameters where NULText.holds(value) {
            throw APIError.validation(ValidationError(field: String(name), "\(name) must not hold the NUL character (U+0000)"))
        }
        return try await next(request, context)
    }
}
