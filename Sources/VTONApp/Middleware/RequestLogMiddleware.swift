import Hummingbird
import Logging

/// Gives each request an id (echoed as `X-Request-Id`), logs it with its outcome and counts it
/// by route and status for `/metrics`.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: AppMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let given = request.headers[.requestID], given.count <= 64 { context.requestID = given }
        context.logger[metadataKey: "request_id"] = "\(context.requestID)"
        let started = ContinuousClock.now
        var response = try await next(request, context)
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(route: route, method: request.method.rawValue, status: Int(response.status.code))
        response.headers[.requestID] = context.requestID
        let elapsed = (ContinuousClock.now - started).components
        let milliseconds = Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
        context.logger.info(
            "\(request.method) \(request.uri.path) \(response.status.code)",
            metadata: ["route": "\(route)", "duration_ms": "\(milliseconds)"])
        return response
    }
}
