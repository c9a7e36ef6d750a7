import Foundation
import HTTPTypes
import Testing
import VTONDomain

@testable import VTONApp

/// Every rule that counts, caps or must be unique, fired by 20 or more simultaneous requests
/// (each on a connection of its own), on SQLite and on PostgreSQL.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct RaceTests {
    @Test(arguments: TestServer.databases)
    func oneIdempotencyKeyMakesOneTaskAndOneCharge(database: String) async throws {
        try await TestServer.run(database: database, users: ["ida"]) { server in
            let ida = try await server.login("ida", password: "password1")
            let before = try await server.balance(token: ida)
            let replies = try await Burst.post(port: server.port, "/api/v1/images/generate", count: 24, token: ida) { _ in
                ["prompt": "one poster", "idempotency_key": "poster-1"]
            }
            #expect(replies.allSatisfy { [200, 201].contains($0.status) }, "\(replies.map(\.status))")
            let ids = Set(replies.compactMap { $0.json["task_id"] as? String })
            #expect(ids.count == 1, "\(ids)")
            #expect(replies.filter { $0.status == 201 }.count == 1)
            let price = CreditPricing().credits(model: "gemini-3-pro-image", size: .k1, batch: false)
            #expect(try await server.balance(token: ida) == before - price)
            #expect(try await server.ledger(token: ida).filter { $0["kind"] as? String == "reserve" }.count == 1)

            // Deleted, the key answers no task that then 404s: it makes a new one.
            let first = try #require(ids.first)
            _ = try await server.waitForTask(first, token: ida)
            #expect(try await server.request(.delete, "/api/v1/images/tasks/\(first)", token: ida).status.code < 300)
            let again = try await server.request(
                .post, "/api/v1/images/generate", json: ["prompt": "one poster", "idempotency_key": "poster-1"], token: ida)
            #expect(again.status == .created, "\(again.json)")
            let second = try #require(again.json["task_id"] as? String)
            #expect(second != first)
            #expect(try await server.request(.get, "/api/v1/images/tasks/\(second)", token: ida).status == .ok)
        }
    }

    @Test(arguments: TestServer.databases)
    func quotasHoldUnderABurst(database: String) async throws {
        try await TestServer.run(database: database) { server in
            let admin = try await server.login()
            let role = try await server.request(
                .post, "/api/v1/role/create",
                json: ["name": "tight", "permissions": Permission.ownWork.map(\.rawValue), "tasks_per_minute": 5, "max_tasks_in_flight": 3],
                token: admin)
            let roleID = try #require(role.json["id"] as? String)
            try await server.createUser("quinn", roles: [roleID], adminToken: admin)
            try await server.createUser("rita", roles: [roleID], adminToken: admin)
            let quinn = try await server.login("quinn", password: "password1")
            // Tasks that never finish: the in-flight limit (3) binds before the minute's (5).
            let hanging = try await Burst.post(port: server.port, "/api/v1/images/generate", count: 40, token: quinn) { index in
                ["prompt": "[[hang]] \(index)"]
            }
            #expect(hanging.filter { $0.status == 201 }.count == 3, "\(hanging.map(\.status))")
            #expect(hanging.filter { $0.status == 429 }.count == 37)
            #expect(
                hanging.allSatisfy { $0.status == 201 || $0.json["code"] as? String == "QUOTA_EXCEEDED" && $0.headers["Retry-After"].first != nil })

            // Tasks that finish at once: the minute's limit (5) binds, batches included.
            let rita = try await server.login("rita", password: "password1")
            let quick = try await Burst.post(port: server.port, "/api/v1/images/batch-generate", count: 20, token: rita) { index in
                ["prompts": ["batch \(index)"]]
            }
            let created = quick.filter { $0.status == 201 }.count
            #expect((1...3).contains(created), "\(quick.map(\.status))")
            let listed = try await server.request(.get, "/api/v1/images?limit=100", token: rita).json["total"] as? Int
            #expect(listed == created)
        }
    }

    @Test(arguments: TestServer.databases)
    func theAPIKeyCapHoldsUnderABurst(database: String) async throws {
        try await TestServer.run(database: database, users: ["kai"]) { server in
            let kai = try await server.login("kai", password: "password1")
            let replies = try await Burst.post(port: server.port, "/api/v1/api-keys", count: 60, token: kai) { ["name": "key \($0)"] }
            #expect(replies.filter { $0.status == 201 }.count == APIKeyService.maxKeysPerUser)
            #expect(replies.filter { $0.status == 409 && $0.json["code"] as? String == "TOO_MANY_KEYS" }.count == 10)
            let listed = try await server.request(.get, "/api/v1/api-keys", token: kai).json["keys"] as? [Any]
            #expect(listed?.count == APIKeyService.maxKeysPerUser)
        }
    }

    @Test(arguments: TestServer.databases)
    func takenNamesAnswer409NamingTheFieldNever500(database: String) async throws {
        try await TestServer.run(
            database: database, users: ["existing"], configure: { configuration, _ in configuration.allowSignup = true }
        ) { server in
            let admin = try await server.login()
            func expectOneWinner(_ replies: [Burst.Reply], field: String, _ what: String) {
                #expect(replies.filter { $0.status == 201 || $0.status == 200 }.count == 1, "\(what): \(replies.map(\.status))")
                let losers = replies.filter { $0.status >= 300 }
                #expect(losers.allSatisfy { $0.status == 409 && $0.json["field"] as? String == field }, "\(what): \(losers.map(\.json))")
            }
            expectOneWinner(
                try await Burst.post(port: server.port, "/api/v1/user/create", count: 20, token: admin) {
                    ["username": "twin", "email": "twin\($0)@example.com", "password": "password1"]
                }, field: "username", "same username")
            expectOneWinner(
                try await Burst.post(port: server.port, "/api/v1/user/create", count: 20, token: admin) {
                    ["username": "mail\($0)", "email": "Same@Example.com", "password": "password1"]
                }, field: "email", "same e-mail")
            expectOneWinner(
                try await Burst.post(port: server.port, "/api/v1/base/register", count: 20) {
                    ["username": "joiner", "email": "joiner\($0)@example.com", "password": "password1"]
                }, field: "username", "same sign-up")
            expectOneWinner(
                try await Burst.post(port: server.port, "/api/v1/role/create", count: 20, token: admin) { _ in
                    ["name": "studio", "permissions": ["images:read"]]
                }, field: "name", "same role name")

            // Usernames are unique regardless of case, so one counter and one account per name.
            let shouting = try await server.request(
                .post, "/api/v1/user/create", json: ["username": "EXISTING", "email": "x@example.com", "password": "password1"], token: admin)
            #expect(shouting.status == .conflict && shouting.json["field"] as? String == "username")

            // Two users renamed to one name at once.
            var ids: [String] = []
            for index in 0..<20 { ids.append(try await server.createUser("renamed\(index)", adminToken: admin)) }
            let renames = try await Burst.post(port: server.port, "/api/v1/user/update", count: 20, token: admin) { [ids] in
                ["id": ids[$0], "username": "newname"]
            }
            expectOneWinner(renames, field: "username", "renames")
        }
    }

    @Test(arguments: TestServer.databases)
    func parallelWrongPasswordsStopAtTheLimit(database: String) async throws {
        try await TestServer.run(database: database, users: ["tgt"]) { server in
            let replies = try await Burst.post(port: server.port, "/api/v1/base/access_token", count: 40) { _ in
                ["username": "tgt", "password": "wrong-guess"]
            }
            #expect(replies.filter { $0.status == 401 }.count == 10, "\(replies.map(\.status))")
            #expect(replies.filter { $0.status == 429 }.count == 30)
            // The same name in another case is the same account and the same counter.
            let other = try await server.request(.post, "/api/v1/base/access_token", json: ["username": "TGT", "password": "password1"])
            #expect(other.status == .tooManyRequests)
        }
    }

    @Test(arguments: TestServer.databases)
    func creditsCannotBeOverspentByABurst(database: String) async throws {
        try await TestServer.run(database: database) { server in
            let admin = try await server.login()
            let price = CreditPricing().credits(model: "gemini-3-pro-image", size: .k1, batch: false)
            let userID = try await server.createUser("penny", adminToken: admin)
            let start = try await server.balance(token: try await server.login("penny", password: "password1"))
            _ = try await server.request(
                .post, "/api/v1/credits/adjust", json: ["user_id": userID, "delta": 4 * price - start, "reason": "exactly four"], token: admin)
            let penny = try await server.login("penny", password: "password1")
            let replies = try await Burst.post(port: server.port, "/api/v1/images/generate", count: 24, token: penny) { ["prompt": "p\($0)"] }
            #expect(replies.filter { $0.status == 201 }.count == 4, "\(replies.map(\.status))")
            #expect(replies.filter { $0.status == 402 }.count == 20)
            #expect(try await server.balance(token: penny) == 0)
        }
    }
}
