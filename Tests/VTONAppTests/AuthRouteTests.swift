import Foundation
import HummingbirdTesting
import Testing

@testable import VTONApp

@Suite(.timeLimit(.minutes(2)))
struct AuthRouteTests {
    @Test func loginAnswersTheSeedEnvelope() async throws {
        try await TestServer.run { server in
            let reply = try await server.request(.post, "/api/v1/base/access_token", json: ["username": "admin", "password": "123456"])
            #expect(reply.status == .ok)
            #expect(reply.json["code"] as? Int == 200)
            #expect(reply.json["msg"] as? String == "OK")
            let data = try #require(reply.json["data"] as? [String: Any])
            #expect(data["username"] as? String == "admin")
            #expect(data["token_type"] as? String == "bearer")
            #expect((data["access_token"] as? String)?.split(separator: ".").count == 3)
            #expect(data["expires_at"] is String)
        }
    }

    @Test func unknownUserAndWrongPasswordAreTheSame401() async throws {
        try await TestServer.run { server in
            let wrong = try await server.request(.post, "/api/v1/base/access_token", json: ["username": "admin", "password": "nope"])
            let unknown = try await server.request(.post, "/api/v1/base/access_token", json: ["username": "ghost", "password": "nope"])
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.data == unknown.data)
            #expect(wrong.json["code"] as? String == "INVALID_CREDENTIALS")
        }
    }

    @Test func loginBodyErrorsNameTheField() async throws {
        try await TestServer.run { server in
            let missing = try await server.request(.post, "/api/v1/base/access_token", json: ["username": "admin"])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.json["field"] as? String == "password")
            let broken = try await server.request(
                .post, "/api/v1/base/access_token", headers: [.contentType: "application/json"], body: .init(string: "{nope"))
            #expect(broken.status == .badRequest)
            #expect(broken.json["code"] as? String == "BAD_JSON")
        }
    }

    @Test func userinfoTakesBearerOrTokenHeader() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let bearer = try await server.request(.get, "/api/v1/base/userinfo", token: token)
            #expect(bearer.status == .ok)
            #expect(bearer.json["username"] as? String == "admin")
            #expect(bearer.json["is_superuser"] as? Bool == true)
            #expect(bearer.json["roles"] as? [String] == ["admin"])
            let header = try await server.request(.get, "/api/v1/base/userinfo", headers: [.init("token")!: token])
            #expect(header.status == .ok)
            for bad in [nil, "garbage", token + "x"] {
                let reply = try await server.request(.get, "/api/v1/base/userinfo", token: bad)
                #expect(reply.status == .unauthorized)
                #expect(reply.json["code"] as? String == "UNAUTHORIZED")
            }
        }
    }

    @Test func changingThePasswordRevokesOldTokens() async throws {
        try await TestServer.run(users: ["carol"]) { server in
            let token = try await server.login("carol", password: "password1")
            let wrongOld = try await server.request(
                .post, "/api/v1/base/update_password", json: ["old_password": "bad", "new_password": "newpass1"], token: token)
            #expect(wrongOld.status == .badRequest)
            #expect(wrongOld.json["field"] as? String == "old_password")
            let tooShort = try await server.request(
                .post, "/api/v1/base/update_password", json: ["old_password": "password1", "new_password": "x"], token: token)
            #expect(tooShort.status == .badRequest)
            #expect(tooShort.json["field"] as? String == "new_password")
            let changed = try await server.request(
                .post, "/api/v1/base/update_password", json: ["old_password": "password1", "new_password": "newpass1"], token: token)
            #expect(changed.status == .ok)
            #expect(try await server.request(.get, "/api/v1/base/userinfo", token: token).status == .unauthorized)
            let fresh = try await server.login("carol", password: "newpass1")
            #expect(try await server.request(.get, "/api/v1/base/userinfo", token: fresh).status == .ok)
        }
    }

    @Test func productionRefusesTheDefaultAdminPassword() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vton-prod-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = TestServer.configuration(dataDirectory: directory)
        configuration.environment = .production
        configuration.jwtSecret = String(repeating: "s", count: 40)
        var overrides = AppOverrides()
        overrides.bcryptCost = 4
        await #expect(throws: AppConfiguration.Invalid.self) {
            _ = try await buildApplication(configuration, overrides: overrides)
        }
        configuration.adminPassword = "a-strong-admin-password"
        let app = try await buildApplication(configuration, overrides: overrides)
        try await app.test(.live) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
        }
    }
}
