import Foundation
import HTTPTypes
import Testing

@testable import VTONApp

@Suite(.timeLimit(.minutes(2)))
struct APIKeyTests {
    @Test func aKeyIsShownOnceWorksAsBearerWithItsSubsetAndCanBeRevoked() async throws {
        try await TestServer.run(users: ["rita"]) { server in
            let rita = try await server.login("rita", password: "password1")
            let key = try await server.createAPIKey("render farm", permissions: ["images:read", "images:create"], token: rita)
            #expect(key.secret.hasPrefix("vtk_"))
            let listed = try await server.request(.get, "/api/v1/api-keys", token: rita)
            #expect(!String(buffer: listed.body).contains(key.secret), "a listed key shows its secret")
            #expect((listed.json["keys"] as? [[String: Any]])?.first?["last_used_at"] == nil)

            #expect(try await server.createTask(["prompt": "by key"], token: key.secret).count == 36)
            #expect(try await server.request(.get, "/api/v1/images", token: key.secret).status == .ok)
            let notGranted = try await server.request(.post, "/api/v1/uploads", token: key.secret)
            #expect(notGranted.status == .forbidden)
            let info = try await server.request(.get, "/api/v1/base/userinfo", token: key.secret)
            #expect(info.status == .forbidden, "account:manage was not given to the key")
            let keyFromKey = try await server.request(.post, "/api/v1/api-keys", json: ["name": "child"], token: key.secret)
            #expect(keyFromKey.status == .forbidden)

            let used = try await server.request(.get, "/api/v1/api-keys", token: rita).json["keys"] as? [[String: Any]]
            #expect(used?.first?["last_used_at"] as? String != nil)

            let beyond = try await server.request(.post, "/api/v1/api-keys", json: ["name": "greedy", "permissions": ["users:manage"]], token: rita)
            #expect(beyond.status == .unprocessableContent)
            #expect(beyond.json["field"] as? String == "permissions[0]")
            let tampered = String(key.secret.dropLast()) + (key.secret.hasSuffix("a") ? "b" : "a")
            #expect(try await server.request(.get, "/api/v1/images", token: tampered).status == .unauthorized)

            #expect(try await server.request(.delete, "/api/v1/api-keys/\(key.id)", token: rita).status == .noContent)
            #expect(try await server.request(.get, "/api/v1/images", token: key.secret).status == .unauthorized)
        }
    }
}
