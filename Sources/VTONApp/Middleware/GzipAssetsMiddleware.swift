import HTTPTypes
import Hummingbird
import NIOCore

/// Sends the web client's scripts, styles and pages gzipped to browsers that take gzip: they are
/// text, so a first visit moves about a third of the bytes. Only what `FileMiddleware` answers
/// with a whole text file is touched; its weak ETag stays valid for either encoding, so a revisit
/// still gets 304.
struct GzipAssetsMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Below this, gzip's header and trailer outweigh what it saves.
    static var smallest: Int { 512 }
    /// The largest file held in memory to compress; larger ones go out as they are.
    static var largest: Int { 1 << 20 }
    static var textTypes: [String] { ["text/", "application/javascript", "application/json", "image/svg+xml"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        guard request.method == .get, !request.uri.path.hasPrefix("/api/"), Self.acceptsGzip(request.headers),
            response.status == .ok, response.headers[.contentEncoding] == nil, response.headers[.contentRange] == nil,
            let type = response.headers[.contentType], Self.textTypes.contains(where: { type.hasPrefix($0) }),
            let length = response.headers[.contentLength].flatMap({ Int($0) }), (Self.smallest...Self.largest).contains(length)
        else { return response }

        let collector = BodyCollector()
        try await response.body.write(collector)
        var gzipped = response
        gzipped.headers[.contentEncoding] = "gzip"
        gzipped.headers[values: .vary].append("Accept-Encoding")
        gzipped.headers[.acceptRanges] = nil
        let body = try Gzip.compress(collector.buffer)
        gzipped.headers[.contentLength] = String(body.readableBytes)
        gzipped.body = ResponseBody(byteBuffer: body)
        return gzipped
    }

    /// True when the client lists gzip without refusing it (`q=0`).
    static func acceptsGzip(_ headers: HTTPFields) -> Bool {
        for coding in headers[values: .acceptEncoding].flatMap({ $0.split(separator: ",") }) {
            let parts = coding.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard parts.first == "gzip" else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
        return false
    }
}

/// Holds a response body written to it, to be sent on in another form.
private final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        self.buffer.writeBuffer(&buffer)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
