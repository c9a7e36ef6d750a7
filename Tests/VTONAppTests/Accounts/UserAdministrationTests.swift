import Foundation
import HTTPTypes
import Testing
import VTONDomain

@testable import VTONApp

@Suite(.timeLimit(.minutes(3)))
struct UserAdministrationTests {
    @Test func adminCreatesListsSearchesUpdatesAndDeletesUsers() async throws {
        try await TestServer.run { server in
            let admin = try await server.login()
            let ids = try await [
                server.createUser("alice", adminToken: admin), server.createUser("albert", adminToken: admin),
                server.createUser("carol", adminToken: admin),
            ]
            let page = try await server.request(.get, "/api/v1/user/list?page=1&page_size=2&username=al", token: admin).json
            #expect(page["total"] as? Int == 2)
            #expect(page["page_size"] as? Int == 2)
            #expect((page["data"] as? [[String: Any]])?.compactMap { $0["username"] as? String }.sorted() == ["albert", "alice"])
            let byEmail = try await server.request(.get, "/api/v1/user/list?email=carol@", token: admin).json
            #expect((byEmail["data"] as? [[String: Any]])?.first?["id"] as? String == ids[2])

            let fetched = try await server.request(.get, "/api/v1/user/get?user_id=\(ids[0])", token: admin).json
            #expect(fetched["credits"] as? Int == AppConfiguration().newUserCredits)
            #expect((fetched["roles"] as? [[String: Any]])?.first?["name"] as? String == "user")
            #expect(fetched["password_hash"] == nil)

            let roles = try await server.request(.get, "/api/v1/role/list", token: admin).json["data"] as? [[String: Any]] ?? []
            let adminRole = try #require(roles.first { $0["name"] as? String == "admin" }?["id"] as? String)
            let updated = try await server.request(
                .post, "/api/v1/user/update", json: ["id": ids[0], "email": "new@example.com", "role_ids": [adminRole]], token: admin)
            #expect(updated.status == .ok, "\(updated.json)")
            #expect(updated.json["email"] as? String == "new@example.com")
            let alice = try await server.login("alice", password: "password1")
            let info = try await server.request(.get, "/api/v1/base/userinfo", token: alice).json
            #expect(info["roles"] as? [String] == ["admin"])
            #expect((info["permissions"] as? [String])?.contains("users:manage") == true)

            let deleted = try await server.request(.delete, "/api/v1/user/delete?user_id=\(ids[2])", token: admin)
            #expect(deleted.status == .ok)
            let after = try await server.request(.get, "/api/v1/user/list?username=carol", token: admin).json
            #expect(after["total"] as? Int == 0)
            let refused = try await server.request(.post, "/api/v1/base/access_token", json: ["username": "carol", "password": "password1"])
            #expect(refused.status == .unauthorized)
            let selfDelete = try await server.request(
                .delete, "/api/v1/user/delete?user_id=\(try #require(info["id"] as? String))", token: alice)
            #expect(selfDelete.status == .conflict)
        }
    }

    @Test func clientMistakesAreNamed4xx() async throws {
        try await TestServer.run { server in
            let admin = try await server.login()
            try await server.createUser("dora", adminToken: admin)
            let cases: [([String: Any], Int, String)] = [
                (["username": "dora", "password": "password1"], 409, "username"),
                (["username": "dora2", "email": "dora@example.com", "password": "password1"], 409, "email"),
                (["username": "eve", "password": "short1"], 422, "password"),
                (["username": "eve", "password": "onlyletters"], 422, "password"),
                (["username": "eve", "password": "eve-is-12345"], 422, "password"),
                (["username": "e", "password": "password1"], 422, "username"),
                (["username": "eve", "email": "not-an-address", "password": "password1"], 422, "email"),
                (["username": "eve", "password": "password1", "role_ids": [UUID().uuidString]], 422, "role_ids[0]"),
                (["password": "password1"], 422, "username"),
            ]
            for (body, status, field) in cases {
                let reply = try await server.request(.post, "/api/v1/user/create", json: body, token: admin)
                #expect(Int(reply.status.code) == status, "\(body): \(reply.json)")
                #expect(reply.json["field"] as? String == field, "\(body): \(reply.json)")
            }
            let unknown = try await server.request(.get, "/api/v1/user/get?user_id=\(UUID().uuidString)", token: admin)
            #expect(unknown.status == .notFound)
            let badID = try await server.request(.get, "/api/v1/user/get?user_id=nope", token: admin)
            #expect(badID.status == .unprocessableContent)
            #expect(badID.json["field"] as? String == "user_id")
        }
    }

    @Test func signUpIsOffUnlessEnabled() async throws {
        try await TestServer.run { server in
            let reply = try await server.request(.post, "/api/v1/base/register", json: ["username": "newbie", "password": "password1"])
            #expect(reply.status == .forbidden)
            #expect(reply.json["code"] as? String == "SIGNUP_DISABLED")
        }
        try await TestServer.run(configure: { configuration, _ in
            configuration.allowSignup = true
            configuration.newUserCredits = 250
        }) { server in
            let reply = try await server.request(
                .post, "/api/v1/base/register", json: ["username": "newbie", "email": "n@example.com", "password": "password1"])
            #expect(reply.status == .created, "\(reply.json)")
            #expect(reply.json["is_superuser"] as? Bool == false)
            let token = try await server.login("newbie", password: "password1")
            #expect(try await server.balance(token: token) == 250)
            let again = try await server.request(.post, "/api/v1/base/register", json: ["username": "newbie", "password": "password1"])
            #expect(again.status == .conflict)
            let admin = try await server.request(.get, "/api/v1/user/list", token: token)
            #expect(admin.status == .forbidden)
        }
    }

    @Test func rolesAreEditableAndBuiltInOnesProtected() async throws {
        try await TestServer.run(users: ["frank"]) { server in
            let admin = try await server.login()
            let created = try await server.request(
                .post, "/api/v1/role/create", json: ["name": "auditor", "desc": "reads the audit log", "permissions": ["audit:read"]], token: admin)
            #expect(created.status == .created, "\(created.json)")
            let roleID = try #require(created.json["id"] as? String)
            let frankID = try #require(
                (try await server.request(.get, "/api/v1/user/list?username=frank", token: admin).json["data"] as? [[String: Any]])?.first?["id"]
                    as? String)
            _ = try await server.request(
                .post, "/api/v1/user/update", json: ["id": frankID, "role_ids": [Role.userID.uuidString, roleID]], token: admin)
            let frank = try await server.login("frank", password: "password1")
            #expect(try await server.request(.get, "/api/v1/auditlog/list", token: frank).status == .ok)
            #expect(try await server.request(.get, "/api/v1/user/list", token: frank).status == .forbidden)

            let badPermission = try await server.request(.post, "/api/v1/role/update", json: ["id": roleID, "permissions": ["root"]], token: admin)
            #expect(badPermission.status == .unprocessableContent)
            #expect(badPermission.json["field"] as? String == "permissions[0]")
            let taken = try await server.request(.post, "/api/v1/role/create", json: ["name": "admin"], token: admin)
            #expect(taken.status == .conflict)
            let builtin = try await server.request(.delete, "/api/v1/role/delete?role_id=\(Role.userID.uuidString)", token: admin)
            #expect(builtin.status == .conflict)
            // Taking the permission away takes effect on the next request.
            _ = try await server.request(.post, "/api/v1/role/update", json: ["id": roleID, "permissions": []], token: admin)
            #expect(try await server.request(.get, "/api/v1/auditlog/list", token: frank).status == .forbidden)
            let permissions = try await server.request(.get, "/api/v1/role/permissions", token: admin).json["data"] as? [[String: Any]] ?? []
            #expect(permissions.count == Permission.allCases.count)
            #expect(
                (permissions.first { $0["name"] as? String == "images:create" }?["routes"] as? [String])?.contains(
                    "POST /api/v1/images/generate") == true)
        }
    }
}
