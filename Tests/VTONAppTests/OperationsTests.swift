import Foundation
import Testing

@testable import VTONApp

@Suite(.timeLimit(.minutes(2)))
struct OperationsTests {
    @Test func healthReadinessAndMetrics() async throws {
        try await TestServer.run { server in
            #expect(try await server.request(.get, "/healthz").json["status"] as? String == "ok")
            #expect(try await server.request(.get, "/readyz").json["status"] as? String == "ready")
            let token = try await server.login()
            let id = try await server.createTask(["prompt": "metrics"], token: token)
            _ = try await server.waitForTask(id, token: token)
            let metrics = String(decoding: try await server.request(.get, "/metrics").data, as: UTF8.self)
            #expect(metrics.contains("vton_queue_depth"))
            #expect(metrics.contains(#"vton_tasks{status="succeeded"} 1"#))
            #expect(metrics.contains("vton_provider_latency_seconds_bucket"))
            #expect(metrics.contains(#"route="/api/v1/images/generate""#))
            #expect(metrics.contains(#"status="201""#))
        }
    }

    @Test func requestIdsAreEchoed() async throws {
        try await TestServer.run { server in
            let given = try await server.request(.get, "/healthz", headers: [.init("X-Request-Id")!: "trace-123"])
            #expect(given.headers[.init("X-Request-Id")!] == "trace-123")
            let made = try await server.request(.get, "/healthz")
            #expect(made.headers[.init("X-Request-Id")!]?.isEmpty == false)
        }
    }

    @Test func openAPIDocumentsEveryRouteAndNothingElse() async throws {
        let registered = LockedBox<[String]>()
        try await TestServer.run(configure: { _, overrides in overrides.routesObserver = { registered.value = $0 } }) { server in
            let document = try await server.request(.get, "/openapi.json").json
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented: Set<String> = []
            for (path, operations) in paths { for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") } }
            let routes = Set(try #require(registered.value).map(Self.normalise))
            #expect(routes == documented, "undocumented: \(routes.subtracting(documented)); stale: \(documented.subtracting(routes))")
            let docs = try await server.request(.get, "/docs")
            #expect(String(decoding: docs.data, as: UTF8.self).contains("/openapi.json"))
        }
    }

    /// "GET api/v1/images/tasks/{task_id}" and "GET /api/v1/..." name the same route.
    static func normalise(_ route: String) -> String {
        let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
        let path = parts[1].hasPrefix("/") ? parts[1] : "/" + parts[1]
        return "\(parts[0]) \(path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path)"
    }

    @Test func webClientIsServedAtTheRoot() async throws {
        try await TestServer.run { server in
            let page = try await server.request(.get, "/")
            #expect(page.status == .ok)
            #expect(String(decoding: page.data, as: UTF8.self).contains("<script type=\"module\""))
            let info = try await server.request(.get, "/api/v1/system/info")
            #expect(info.json["provider"] as? String == "emulator")
        }
    }

    @Test func unknownRoutesAreJSON404s() async throws {
        try await TestServer.run { server in
            let reply = try await server.request(.get, "/api/v1/nothing-here")
            #expect(reply.status == .notFound)
            #expect(reply.json["code"] as? String == "NOT_FOUND")
        }
    }
}
