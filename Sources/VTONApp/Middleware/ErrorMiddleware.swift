import AsyncKit
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import VTONDomain
import VTONPersistence

/// Turns every error into the JSON error body; anything unexpected is logged and becomes a 500.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return Self.response(error)
        } catch let error as InsufficientCredits {
            return Self.response(.insufficientCredits(error))
        } catch let error as QuotaRefusal {
            return Self.response(.quotaExceeded(error))
        } catch let error as HTTPError {
            let code =
                error.status == .notFound ? "NOT_FOUND" : error.status == .methodNotAllowed ? "METHOD_NOT_ALLOWED" : "HTTP_\(error.status.code)"
            let detail = error.body ?? (error.status == .notFound ? "no route for \(request.method) \(request.uri.path)" : error.status.reasonPhrase)
            return Self.response(APIError(error.status, code: code, detail))
        } catch let error where Self.isDatabaseUnavailable(error) {
            context.logger.error("database unavailable", metadata: ["error": "\(error)"])
            var failure = APIError(.serviceUnavailable, code: "DATABASE_UNAVAILABLE", "the database is busy or unreachable; try again shortly")
            failure.headers[.retryAfter] = "1"
            return Self.response(failure)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(error)"])
            return Self.response(APIError(.internalServerError, code: "INTERNAL", "internal error"))
        }
    }

    static func isDatabaseUnavailable(_ error: any Error) -> Bool {
        error is ConnectionPoolTimeoutError || error is ConnectionPoolError || error is DatabaseConnection.Closed
    }

    static func response(_ error: APIError) -> Response {
        let body = (try? WireJSON.encode(ErrorBody(detail: error.detail, code: error.code, field: error.field))) ?? []
        var headers = error.headers
        headers[.contentType] = "application/json"
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
