import Hummingbird

/// How large a request body each route takes. Most take a little JSON and get 64 KiB, so a
/// burst of large bodies sent to them cannot fill memory; only the routes that carry images
/// take the upload cap (JSON holding a data: URL is base64, a third larger than its image).
/// A `Content-Length` over the limit is refused before any of the body is read.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let smallJSONBytes = 64 * 1024
    let limits: [String: Int]

    init(maxUploadBytes: Int) {
        // Never below the 32 MiB every JSON body was allowed before, for several smaller images.
        let imagesAsJSON = max(32 * 1024 * 1024, maxUploadBytes / 3 * 4 + Self.smallJSONBytes)
        limits = [
            "/api/v1/uploads": maxUploadBytes + Self.smallJSONBytes,  // the image and its multipart headers
            "/api/v1/images/generate": imagesAsJSON,
            "/api/v1/images/batch-generate": imagesAsJSON,
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.maxBodyBytes = context.endpointPath.flatMap { limits[$0] } ?? Self.smallJSONBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > context.maxBodyBytes {
            throw Self.tooLarge(limit: context.maxBodyBytes)
        }
        return try await next(request, context)
    }

    static func tooLarge(limit: Int, field: String? = nil) -> APIError {
        let size = limit % (1024 * 1024) == 0 ? "\(limit / 1024 / 1024) MiB" : limit % 1024 == 0 ? "\(limit / 1024) KiB" : "\(limit) bytes"
        return APIError(.contentTooLarge, code: "TOO_LARGE", "the request body is larger than this route takes (\(size))", field: field)
    }
}
