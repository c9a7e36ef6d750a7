import Hummingbird
import Logging

/// Gives each request an id (the caller's `X-Request-Id` when it is a plain token, echoed
/// back), logs it with its outcome and counts it by route and status for `/metrics`.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: AppMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let given = request.headers[.requestID], Self.isToken(given) { context.requestID = given }
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

    /// A caller's id is used only if it is 1–64 of `A-Z a-z 0-9 . _ -`: it goes into every log
    /// line of the request, where a space or a quote could forge a field.
    static func isToken(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count)
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                    true
                default: false
                }
            }
    }
}
