import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A web server on loopback that reference URLs can point at: an image, redirects (a chain,
/// or to any URL), text, an oversized body, a slow answer, a body trickled a byte every half
/// second for a minute, and a 404. It counts the requests it receives and the Host header of each.
struct FixtureWebServer {
    let port: Int
    let hosts: LockedBox<[String]>

    var base: String { "http://127.0.0.1:\(port)" }
    var requests: [String] { hosts.value ?? [] }

    static func run(image: Data, _ body: @Sendable (FixtureWebServer) async throws -> Void) async throws {
        let hosts = LockedBox<[String]>()
        hosts.value = []
        let router = Router()
        router.middlewares.add(
            HostRecorder { host in
                hosts.value = (hosts.value ?? []) + [host]
            })
        let png = ByteBuffer(bytes: image)
        router.get("person.png") { _, _ in Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: png)) }
        router.get("hop/{n}") { _, context in
            let remaining = try context.parameters.require("n", as: Int.self)
            guard remaining > 0 else { return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: png)) }
            return Response(status: .found, headers: [.location: "/hop/\(remaining - 1)"])
        }
        router.get("to") { request, _ in
            Response(status: .found, headers: [.location: request.uri.queryParameters.get("url") ?? "/"])
        }
        router.get("text") { _, _ in "I am text, not an image" }
        router.get("big") { _, _ in
            Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(repeating: 0x89, count: 300_000)))
        }
        router.get("slow") { _, _ in
            try await Task.sleep(for: .seconds(10))
            return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: png))
        }
        router.get("trickle") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "image/png"],
                body: .init { writer in
                    for _ in 0..<120 {
                        try await writer.write(ByteBuffer(bytes: [0x89]))
                        try await Task.sleep(for: .milliseconds(500))
                    }
                    try await writer.finish(nil)
                })
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(FixtureWebServer(port: try #require(client.port), hosts: hosts))
        }
    }

    struct HostRecorder<Context: RequestContext>: RouterMiddleware {
        let record: @Sendable (String) -> Void

        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            record(request.head.authority ?? "")
            return try await next(request, context)
        }
    }
}
