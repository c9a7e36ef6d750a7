import Foundation
import HTTPTypes
import Testing
import VTONDomain

@testable import VTONApp

/// `n` variations of one request: that many tasks, provider calls and prices, grouped; counted
/// by quotas and credits all or none, under simultaneous requests on SQLite and PostgreSQL.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct VariationsTests {
    static let price = CreditPricing().credits(model: "gemini-3-pro-image", size: .k1, batch: false)

    @Test func threeVariationsAreThreeCallsAndThreePricesInOneGroup() async throws {
        try await TestServer.run(users: ["vera"]) { server in
            let vera = try await server.login("vera", password: "password1")
            let before = try await server.balance(token: vera)
            let reply = try await server.request(.post, "/api/v1/images/generate", json: ["prompt": "three chairs", "n": 3], token: vera)
            #expect(reply.status == .created, "\(reply.json)")
            let ids = try #require(reply.json["task_ids"] as? [String])
            #expect(ids.count == 3 && Set(ids).count == 3 && reply.json["task_id"] as? String == ids[0])
            #expect(try await server.balance(token: vera) == before - 3 * Self.price)

            var costs: [Double] = []
            for (index, id) in ids.enumerated() {
                let task = try await server.waitForTask(id, token: vera)
                #expect(task["status"] as? String == "succeeded")
                #expect(((task["result"] as? [String: Any])?["images"] as? [Any])?.count == 1)
                #expect(task["variation_group_id"] as? String == ids[0] && task["variation_index"] as? Int == index)
                costs.append(try #require(task["cost_usd"] as? Double))
            }
            #expect(costs[0] > 0 && Set(costs).count == 1, "each the list price of one image: \(costs)")
            #expect(await server.journal.received.filter { $0.request.contents.first?.parts?.last?.text == "three chairs" }.count == 3)
            #expect(try await server.balance(token: vera) == before - 3 * Self.price, "each captured")
            let group = try await server.request(.get, "/api/v1/images?variation_group=\(ids[0])", token: vera).json
            #expect(Set((group["tasks"] as? [[String: Any]])?.compactMap { $0["task_id"] as? String } ?? []) == Set(ids))

            // One image is a task of its own, in no group; a retried variation leaves its group.
            let single = try await server.request(.post, "/api/v1/images/generate", json: ["prompt": "one chair"], token: vera)
            #expect(single.json["task_ids"] as? [String] == [try #require(single.json["task_id"] as? String)])
            let lone = try await server.task(try #require(single.json["task_id"] as? String), token: vera)
            #expect(lone["variation_group_id"] is NSNull && lone["variation_index"] is NSNull)
            let retried = try await server.request(.post, "/api/v1/images/tasks/\(ids[1])/retry", token: vera)
            #expect(try await server.task(try #require(retried.json["task_id"] as? String), token: vera)["variation_group_id"] is NSNull)
        }
    }

    @Test func nOutsideOneToFourIs422NamingN() async throws {
        try await TestServer.run(users: ["nell"]) { server in
            let nell = try await server.login("nell", password: "password1")
            for n: Any in [0, 5, -1, 2.5, "2"] {
                let reply = try await server.request(.post, "/api/v1/images/generate", json: ["prompt": "p", "n": n], token: nell)
                #expect(reply.status == .unprocessableContent && reply.json["field"] as? String == "n", "n=\(n): \(reply.json)")
            }
            #expect(try await server.request(.get, "/api/v1/images", token: nell).json["total"] as? Int == 0)
            let bad = try await server.request(.get, "/api/v1/images?variation_group=x", token: nell)
            #expect(bad.status == .unprocessableContent && bad.json["field"] as? String == "variation_group")
        }
    }

    @Test(arguments: TestServer.databases)
    func oneKeyForVariationsMakesOneGroupUnderABurst(database: String) async throws {
        try await TestServer.run(database: database, users: ["ivy"]) { server in
            let ivy = try await server.login("ivy", password: "password1")
            let before = try await server.balance(token: ivy)
            let replies = try await Burst.post(port: server.port, "/api/v1/images/generate", count: 24, token: ivy) { _ in
                ["prompt": "four lamps", "n": 4, "idempotency_key": "lamps"]
            }
            #expect(replies.filter { $0.status == 201 }.count == 1, "\(replies.map(\.status))")
            #expect(replies.allSatisfy { [200, 201].contains($0.status) })
            let groups = Set(replies.compactMap { ($0.json["task_ids"] as? [String])?.joined(separator: ",") })
            #expect(groups.count == 1 && groups.first?.split(separator: ",").count == 4, "\(groups)")
            #expect(try await server.balance(token: ivy) == before - 4 * Self.price)
            #expect(try await server.request(.get, "/api/v1/images", token: ivy).json["total"] as? Int == 4)
        }
    }

    @Test(arguments: TestServer.databases)
    func quotasAndCreditsCountEveryVariationUnderABurst(database: String) async throws {
        try await TestServer.run(database: database) { server in
            let admin = try await server.login()
            let role = try await server.request(
                .post, "/api/v1/role/create",
                json: ["name": "ten", "permissions": Permission.ownWork.map(\.rawValue), "tasks_per_minute": 100, "max_tasks_in_flight": 10],
                token: admin)
            let quillID = try await server.createUser("quill", roles: [try #require(role.json["id"] as? String)], adminToken: admin)
            // Credits for far more than the quota lets through: only the quota refuses here.
            _ = try await server.request(
                .post, "/api/v1/credits/adjust", json: ["user_id": quillID, "delta": 100 * Self.price, "reason": "quota test"], token: admin)
            let quill = try await server.login("quill", password: "password1")
            // Tasks that never finish: two groups of four fit under ten in flight, a third does not, nor does part of one.
            let hanging = try await Burst.post(port: server.port, "/api/v1/images/generate", count: 24, token: quill) { index in
                ["prompt": "[[hang]] \(index)", "n": 4]
            }
            #expect(hanging.filter { $0.status == 201 }.count == 2, "\(hanging.map(\.status))")
            #expect(hanging.filter { $0.status == 429 && $0.json["code"] as? String == "QUOTA_EXCEEDED" }.count == 22)
            #expect(try await server.request(.get, "/api/v1/images", token: quill).json["total"] as? Int == 8)

            // A balance for exactly three groups of three.
            let userID = try await server.createUser("penn", adminToken: admin)
            let start = try await server.balance(token: try await server.login("penn", password: "password1"))
            _ = try await server.request(
                .post, "/api/v1/credits/adjust", json: ["user_id": userID, "delta": 9 * Self.price + 1 - start, "reason": "three groups"],
                token: admin)
            let penn = try await server.login("penn", password: "password1")
            let spent = try await Burst.post(port: server.port, "/api/v1/images/generate", count: 24, token: penn) { ["prompt": "p\($0)", "n": 3] }
            #expect(spent.filter { $0.status == 201 }.count == 3, "\(spent.map(\.status))")
            #expect(spent.filter { $0.status == 402 && $0.json["code"] as? String == "INSUFFICIENT_CREDITS" }.count == 21)
            #expect(try await server.balance(token: penn) == 1)
            #expect(try await server.request(.get, "/api/v1/images", token: penn).json["total"] as? Int == 9)
        }
    }
}
