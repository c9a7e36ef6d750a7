import Foundation
import HTTPTypes
import Testing
import VTONDomain

@testable import VTONApp

/// Delegated administration is never a way up (README, API: "Who may grant what").
@Suite(.timeLimit(.minutes(3)))
struct DelegatedAdministrationTests {
    @Test func aUserManagerCannotMakeOrTakeOverSuperusersOrChangeTheirOwnRoles() async throws {
        try await TestServer.run(users: ["victim"]) { server in
            let admin = try await server.login()
            let managerRole = try await server.request(
                .post, "/api/v1/role/create", json: ["name": "user-managers", "permissions": ["users:manage", "images:read", "account:manage"]],
                token: admin)
            let managerRoleID = try #require(managerRole.json["id"] as? String)
            let readerRole = try await server.request(
                .post, "/api/v1/role/create", json: ["name": "readers", "permissions": ["images:read"]], token: admin)
            let readerRoleID = try #require(readerRole.json["id"] as? String)
            let managerID = try await server.createUser("manager", roles: [managerRoleID], adminToken: admin)
            let manager = try await server.login("manager", password: "password1")
            let adminID = try #require(try await server.request(.get, "/api/v1/base/userinfo", token: admin).json["id"] as? String)
            let victimID = try #require(
                (try await server.request(.get, "/api/v1/user/list?username=victim", token: admin).json["data"] as? [[String: Any]])?.first?["id"]
                    as? String)

            func refused(_ reply: TestServer.Reply, _ what: String) {
                #expect(reply.status == .forbidden, "\(what): \(reply.status) \(reply.json)")
            }
            refused(
                try await server.request(.post, "/api/v1/user/update", json: ["id": managerID, "is_superuser": true], token: manager),
                "self-promotion")
            refused(
                try await server.request(
                    .post, "/api/v1/user/create",
                    json: ["username": "boss", "email": "boss@example.com", "password": "password1", "is_superuser": true],
                    token: manager), "creating a superuser")
            refused(try await server.request(.post, "/api/v1/user/reset_password", json: ["user_id": adminID], token: manager), "resetting the admin")
            refused(try await server.request(.delete, "/api/v1/user/delete?user_id=\(adminID)", token: manager), "deleting the admin")
            refused(
                try await server.request(.post, "/api/v1/user/update", json: ["id": adminID, "email": "mine@example.com"], token: manager),
                "editing the admin")
            refused(
                try await server.request(
                    .post, "/api/v1/user/update", json: ["id": managerID, "role_ids": [managerRoleID, Role.adminID.uuidString]], token: manager),
                "own roles")
            // The built-in user role holds images:create, which the manager does not.
            refused(
                try await server.request(
                    .post, "/api/v1/user/create", json: ["username": "helper", "email": "helper@example.com", "password": "password1"], token: manager
                ),
                "granting the user role")
            refused(
                try await server.request(
                    .post, "/api/v1/user/update", json: ["id": victimID, "role_ids": [Role.adminID.uuidString]], token: manager),
                "granting admin to another")
            // The victim holds images:create (role `user`): taking over their account would be a way to it.
            refused(
                try await server.request(.post, "/api/v1/user/reset_password", json: ["user_id": victimID], token: manager),
                "taking over a wider account")

            // Within their own powers the manager works as before.
            let made = try await server.request(
                .post, "/api/v1/user/create",
                json: ["username": "reader", "email": "reader@example.com", "password": "password1", "role_ids": [readerRoleID]], token: manager)
            #expect(made.status == .created, "\(made.json)")
            let readerID = try #require(made.json["id"] as? String)
            let reset = try await server.request(.post, "/api/v1/user/reset_password", json: ["user_id": readerID], token: manager)
            #expect(reset.status == .ok, "\(reset.json)")
            let stillAdmin = try await server.request(.get, "/api/v1/base/userinfo", token: admin)
            #expect(stillAdmin.json["is_superuser"] as? Bool == true)
        }
    }

    @Test func aRoleManagerCannotWidenTheirOwnRoleNorPayThemselves() async throws {
        try await TestServer.run { server in
            let admin = try await server.login()
            let role = try await server.request(
                .post, "/api/v1/role/create", json: ["name": "role-managers", "permissions": ["roles:manage", "credits:manage", "account:manage"]],
                token: admin)
            let roleID = try #require(role.json["id"] as? String)
            let managerID = try await server.createUser("rolf", roles: [roleID], adminToken: admin)
            let rolf = try await server.login("rolf", password: "password1")
            let widened = try await server.request(
                .post, "/api/v1/role/update", json: ["id": roleID, "permissions": Permission.allCases.map(\.rawValue)], token: rolf)
            #expect(widened.status == .forbidden && widened.json["field"] as? String == "permissions", "\(widened.json)")
            let admins = try await server.request(
                .post, "/api/v1/role/update", json: ["id": Role.adminID.uuidString, "desc": "mine now"], token: rolf)
            #expect(admins.status == .forbidden)
            let created = try await server.request(
                .post, "/api/v1/role/create", json: ["name": "wide", "permissions": ["users:manage"]], token: rolf)
            #expect(created.status == .forbidden)
            let narrow = try await server.request(
                .post, "/api/v1/role/create", json: ["name": "narrow", "permissions": ["roles:manage"]], token: rolf)
            #expect(narrow.status == .created, "\(narrow.json)")
            let paid = try await server.request(
                .post, "/api/v1/credits/adjust", json: ["user_id": managerID, "delta": 1_000_000, "reason": "bonus"], token: rolf)
            #expect(paid.status == .forbidden && paid.json["field"] as? String == "user_id", "\(paid.json)")
            let rolfNow = try await server.request(.get, "/api/v1/base/userinfo", token: rolf).json
            #expect((rolfNow["permissions"] as? [String])?.contains("users:manage") == false)
        }
    }
}
