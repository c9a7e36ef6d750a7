import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A stand-in S3 endpoint on loopback whose answers a test writes: every request, whatever its
/// path, goes to `answer` with its method, path and its number among the requests of that method
/// and path (1 for the first), and the counts are kept for the test to read.
struct ScriptedS3Server {
    let base: String
    let counts: Counts

    /// How many requests came for `method` and `path` (`/bucket/key`).
    func count(_ method: HTTPRequest.Method, _ path: String) -> Int {
        counts.value("\(method) \(path)")
    }

    static func run(
        answer: @escaping @Sendable (HTTPRequest.Method, String, Int) async throws -> Response,
        _ body: @Sendable (ScriptedS3Server) async throws -> Void
    ) async throws {
        let counts = Counts()
        let router = Router()
        router.middlewares.add(
            Script { request in
                // The body is read first, as S3 does before it answers.
                _ = try await request.body.collect(upTo: 64 * 1024 * 1024)
                let number = counts.increment("\(request.method) \(request.uri.path)")
                return try await answer(request.method, request.uri.path, number)
            })
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(ScriptedS3Server(base: "http://127.0.0.1:\(try #require(client.port))", counts: counts))
        }
    }

    /// S3's error answer: the status with its XML body.
    static func error(_ status: HTTPResponse.Status, code: String) -> Response {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>\(code)</Code><Message>scripted</Message></Error>"
        return Response(status: status, headers: [.contentType: "application/xml"], body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    final class Counts: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [String: Int] = [:]

        func increment(_ name: String) -> Int {
            lock.withLock {
                counts[name, default: 0] += 1
                return counts[name]!
            }
        }

        func value(_ name: String) -> Int {
            lock.withLock { counts[name] ?? 0 }
        }
    }

    struct Script<Context: RequestContext>: RouterMiddleware {
        let answer: @Sendable (Request) async throws -> Response

        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            try await answer(request)
        }
    }
}
