import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VTONDomain

@testable import VTONApp

/// Every route of `APIRoute.all` (which a test keeps equal to the router) called as anonymous,
/// an ordinary user, another user, an administrator and an API key lacking the route's
/// permission: a new route is in this table the moment it exists.
@Suite(.timeLimit(.minutes(3)))
struct AccessMatrixTests {
    enum Caller: String, CaseIterable {
        case anonymous, user, anotherUser, admin, keyWithoutPermission
    }

    /// What the caller must get: an exact status, or any answer that is not a refusal.
    enum Expected: Equatable, CustomStringConvertible {
        case status(Int)
        case allowed

        var description: String {
            switch self {
            case .status(let code): "\(code)"
            case .allowed: "neither 401 nor 403 (nor 5xx)"
            }
        }
    }

    static func expected(_ route: APIRoute, caller: Caller, ownedByUser: Bool) -> Expected {
        guard case .permission(let permission) = route.access else { return .allowed }
        switch caller {
        case .anonymous: return .status(401)
        case .admin: return .allowed
        case .keyWithoutPermission: return .status(403)
        case .user: return Permission.ownWork.contains(permission) ? .allowed : .status(403)
        case .anotherUser:
            guard Permission.ownWork.contains(permission) else { return .status(403) }
            return ownedByUser ? .status(404) : .allowed
        }
    }

    @Test func everyRouteAnswersEveryKindOfCallerAsDeclared() async throws {
        try await TestServer.run(users: ["owner", "stranger"]) { server in
            let admin = try await server.login()
            let owner = try await server.login("owner", password: "password1")
            let stranger = try await server.login("stranger", password: "password1")
            // The owner's resources, which the stranger must not reach.
            let taskID = try await server.createTask(["prompt": "owned"], token: owner)
            _ = try await server.waitForTask(taskID, token: owner)
            let batch = try await server.request(.post, "/api/v1/images/batch-generate", json: ["prompts": ["owned batch"]], token: owner)
            #expect(batch.status == .created, "\(batch.json)")
            let batchName = try #require(batch.json["batch_id"] as? String)
            let ownerKey = try await server.createAPIKey("owner's", permissions: ["images:read"], token: owner)
            var keysWithout: [Permission: String] = [:]
            for permission in Permission.allCases {
                let others = Permission.allCases.filter { $0 != permission }.map(\.rawValue)
                keysWithout[permission] = try await server.createAPIKey("without \(permission.rawValue)", permissions: others, token: admin).secret
            }

            var failures: [String] = []
            for caller in Caller.allCases {
                for route in APIRoute.all where route.path != "/api/v1/ws/tasks" {
                    var path = route.path
                    var owned = false
                    for (parameter, value) in [
                        ("{share_id}", UUID().uuidString), ("{token}", "no-such-link"), ("{task_id}", taskID), ("{batch_name}", batchName),
                        ("{key_id}", ownerKey.id), ("{category}", "tops"),
                        ("{file_id}", UUID().uuidString),
                    ] where path.contains(parameter) {
                        path = path.replacingOccurrences(of: parameter, with: value)
                        owned = ["{task_id}", "{batch_name}", "{key_id}"].contains(parameter)
                    }
                    let token: String? =
                        switch caller {
                        case .anonymous: nil
                        case .user: owner
                        case .anotherUser: stranger
                        case .admin: admin
                        case .keyWithoutPermission:
                            if case .permission(let permission) = route.access { keysWithout[permission] } else { nil }
                        }
                    // Destructive calls by the owner would remove what later callers are checked against.
                    if caller == .user, route.method == "DELETE" || path.hasSuffix("/cancel") { continue }
                    let reply = try await server.request(
                        HTTPRequest.Method(route.method)!, path, json: ["POST", "PUT"].contains(route.method) ? [String: Any]() : nil, token: token)
                    let expected = Self.expected(route, caller: caller, ownedByUser: owned)
                    let status = Int(reply.status.code)
                    let ok =
                        switch expected {
                        case .status(let code): status == code
                        case .allowed: status != 401 && status != 403 && status < 500
                        }
                    if !ok { failures.append("\(caller) \(route.method) \(route.path): \(status), expected \(expected) — \(reply.json)") }
                }
            }
            // The socket checks its token itself and closes: 4001 for no valid token, 4003 without images:read.
            for caller in Caller.allCases {
                let token: String =
                    switch caller {
                    case .anonymous: ""
                    case .user: owner
                    case .anotherUser: stranger
                    case .admin: admin
                    case .keyWithoutPermission: keysWithout[.imagesRead]!
                    }
                let expected: UInt16? = [.anonymous: 4001, .keyWithoutPermission: 4003][caller]
                let answer = try await RawWebSocket.closeCode(port: server.port, path: "/api/v1/ws/tasks?token=\(token)", timeoutSeconds: 1)
                if answer.closeCode != expected {
                    failures.append("\(caller) WS /api/v1/ws/tasks: \(answer), expected close \(String(describing: expected))")
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }

    @Test func everyRouteDeclaresWhoMayCallIt() {
        let keys = APIRoute.all.map { AuthorizeMiddleware.key(method: $0.method, path: $0.path) }
        #expect(Set(keys).count == keys.count, "a route is declared twice")
        let protected = APIRoute.all.filter { $0.access != .anyone }
        #expect(protected.count > 30)
        // Only the routes that check callers themselves (signed file URLs, share tokens) or need none are open.
        let open = Set(APIRoute.all.filter { $0.access == .anyone }.map(\.path))
        #expect(
            open == [
                "/api/v1/base/access_token", "/api/v1/base/register", "/api/v1/files/{file_id}", "/api/v1/shared/{token}", "/api/v1/system/info",
                "/healthz", "/readyz", "/metrics", "/openapi.json", "/docs",
            ])
    }

    @Test func aRouteMissingFromTheTableIsRefusedEvenToASuperuser() async throws {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        let api = router.group("api/v1").add(middleware: AuthorizeMiddleware(routes: APIRoute.all))
        api.get("undeclared") { _, _ in "reached" }
        let app = Application(router: router)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/undeclared", method: .get) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("no permission is declared"))
            }
        }
    }
}
