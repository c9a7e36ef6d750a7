import Foundation
import Hummingbird
import VTONDomain

/// Writes every mutating request to the audit log: who, what, how it ended and how long it
/// took, with a redacted summary of a JSON body. Sits between identification and
/// authorisation, so refused requests are logged with their caller too.
struct AuditMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let recorder: AuditRecorder
    static let mutating: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]
    /// Larger bodies (data: URLs) are summarised by size only, without being read here.
    static let summarisedBodyLimit = 256 * 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.mutating.contains(request.method) else { return try await next(request, context) }
        let started = ContinuousClock.now
        var request = request
        let contentType = request.headers[.contentType]
        let length = request.headers[.contentLength].flatMap(Int.init)
        var body: Data?
        if contentType?.hasPrefix("application/json") == true, let length, length <= Self.summarisedBodyLimit {
            let buffer = try await request.body.collect(upTo: Self.summarisedBodyLimit)
            request.body = .init(buffer: buffer)
            body = Data(buffer.readableBytesView)
        }
        let summary = AuditSummary.of(body: body, contentType: contentType, length: length)
        func record(_ status: Int) {
            let elapsed = (ContinuousClock.now - started).components
            let user = context.identity?.user
            recorder.record(
                AuditEntry(
                    userID: user?.id, username: user?.username ?? summary.claimedUsername,
                    method: request.method.rawValue, path: request.uri.path, status: status,
                    latencyMilliseconds: Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15,
                    clientAddress: context.clientAddress, summary: summary.text))
        }
        do {
            let response = try await next(request, context)
            record(Int(response.status.code))
            return response
        } catch let error as APIError {
            record(Int(error.status.code))
            throw error
        } catch let error as HTTPError {
            record(Int(error.status.code))
            throw error
        } catch {
            record(ErrorMiddleware<Context>.isDatabaseUnavailable(error) ? 503 : 500)
            throw error
        }
    }
}
