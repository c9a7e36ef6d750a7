import Foundation
import HTTPTypes
import Testing
import VTONDomain
import VTONPersistence

@testable import VTONApp

/// Credits move with task states, in the same transaction: a hold on submission, a capture on
/// success, a release on failure or cancel; the balance always equals the ledger's sum.
@Suite(.timeLimit(.minutes(3)))
struct CreditLedgerTests {
    static let realtimePrice = CreditPricing().credits(model: "gemini-3-pro-image", size: .k1, batch: false)
    static let batchPrice = CreditPricing().credits(model: "gemini-3-pro-image", size: .k1, batch: true)

    @Test func pricesFollowTheListPriceAndHalveForBatch() {
        #expect(Self.realtimePrice == 134)
        #expect(Self.batchPrice == 67)
        #expect(CreditPricing(microUSDPerCredit: 10_000).credits(model: "gemini-3-pro-image", size: .k4, batch: true) == 12)
    }

    @Test func successCapturesFailureAndCancelRelease() async throws {
        try await TestServer.run(configure: { configuration, _ in configuration.emulatorLatencyMilliseconds = 300 }) { server in
            let admin = try await server.login()
            try await server.createUser("hana", adminToken: admin)
            let hana = try await server.login("hana", password: "password1")
            let start = try await server.balance(token: hana)
            #expect(start == 1000)

            let succeeded = try await server.createTask(["prompt": "paid for"], token: hana)
            #expect(try await server.balance(token: hana) == start - Self.realtimePrice, "held at once")
            #expect(try await server.waitForTask(succeeded, token: hana)["status"] as? String == "succeeded")
            #expect(try await server.balance(token: hana) == start - Self.realtimePrice)

            let failed = try await server.createTask(["prompt": "[[safety]] refused"], token: hana)
            #expect(try await server.waitForTask(failed, token: hana)["status"] as? String == "failed")
            #expect(try await server.balance(token: hana) == start - Self.realtimePrice)

            let canceled = try await server.createTask(["prompt": "[[hang]] canceled"], token: hana)
            _ = try await server.waitForTask(canceled, token: hana, in: ["running"])
            #expect(try await server.request(.post, "/api/v1/images/tasks/\(canceled)/cancel", token: hana).status == .ok)
            #expect(try await server.balance(token: hana) == start - Self.realtimePrice)

            let rows = try await server.ledger(token: hana)
            let kinds = rows.map { "\($0["kind"]!)" }
            #expect(kinds == ["grant", "reserve", "capture", "reserve", "release", "reserve", "release"], "\(rows)")
            #expect(rows.reduce(0) { $0 + ($1["delta"] as? Int ?? 0) } == (try await server.balance(token: hana)))
            #expect(rows.last?["balance_after"] as? Int == start - Self.realtimePrice)
            let succeededRows = rows.filter { ($0["task_id"] as? String)?.lowercased() == succeeded.lowercased() }
            #expect(succeededRows.map { "\($0["kind"]!)" } == ["reserve", "capture"])
            let balance = try await server.request(.get, "/api/v1/credits/balance", token: hana).json
            #expect(balance["held"] as? Int == 0)
        }
    }

    @Test func aBatchHoldsHalfPricePerPrompt() async throws {
        try await TestServer.run(users: ["ivan"]) { server in
            let ivan = try await server.login("ivan", password: "password1")
            let before = try await server.balance(token: ivan)
            let reply = try await server.request(.post, "/api/v1/images/batch-generate", json: ["prompts": ["a", "b", "c"]], token: ivan)
            #expect(reply.status == .created, "\(reply.json)")
            #expect(try await server.balance(token: ivan) == before - 3 * Self.batchPrice)
        }
    }

    @Test func insufficientCreditsIs402AndCreatesNothing() async throws {
        try await TestServer.run(configure: { configuration, _ in configuration.newUserCredits = 100 }) { server in
            let admin = try await server.login()
            try await server.createUser("jun", adminToken: admin)
            let jun = try await server.login("jun", password: "password1")
            let reply = try await server.request(.post, "/api/v1/images/generate", json: ["prompt": "too dear"], token: jun)
            #expect(Int(reply.status.code) == 402)
            #expect(reply.json["code"] as? String == "INSUFFICIENT_CREDITS")
            let batch = try await server.request(.post, "/api/v1/images/batch-generate", json: ["prompts": ["a", "b"]], token: jun)
            #expect(Int(batch.status.code) == 402)
            #expect(try await server.request(.get, "/api/v1/images", token: jun).json["total"] as? Int == 0)
            #expect(try await server.balance(token: jun) == 100)
            #expect(try await server.ledger(token: jun).count == 1)
            // The administrator is unlimited.
            #expect(try await server.request(.post, "/api/v1/images/generate", json: ["prompt": "free"], token: admin).status == .created)
        }
    }

    /// Requests reuse the caller's user row for a moment (`RecentUsers`): a refusal is checked
    /// against the stored balance, so credits granted a moment ago are spendable at once.
    @Test func creditsGrantedAMomentAgoAreSpendable() async throws {
        try await TestServer.run(configure: { configuration, overrides in
            configuration.newUserCredits = 100
            overrides.recentUserLifetime = .seconds(60)
        }) { server in
            let admin = try await server.login()
            let junID = try await server.createUser("jun", adminToken: admin)
            let jun = try await server.login("jun", password: "password1")
            let refused = try await server.request(.post, "/api/v1/images/generate", json: ["prompt": "too dear"], token: jun)
            #expect(Int(refused.status.code) == 402)
            let granted = try await server.request(
                .post, "/api/v1/credits/adjust", json: ["user_id": junID, "delta": 200, "reason": "top-up"], token: admin)
            #expect(granted.status == .ok, "\(granted.json)")
            let paid = try await server.request(.post, "/api/v1/images/generate", json: ["prompt": "now affordable"], token: jun)
            #expect(paid.status == .created, "\(paid.json)")
            #expect(try await server.balance(token: jun) == 300 - Self.realtimePrice)
            let userInfo = try await server.request(.get, "/api/v1/base/userinfo", token: jun).json
            #expect(userInfo["credits"] as? Int == 300 - Self.realtimePrice)
        }
    }

    @Test func administratorsGrantAndDeductWithAReason() async throws {
        try await TestServer.run { server in
            let admin = try await server.login()
            let kaiID = try await server.createUser("kai", adminToken: admin)
            let kai = try await server.login("kai", password: "password1")
            let granted = try await server.request(
                .post, "/api/v1/credits/adjust", json: ["user_id": kaiID, "delta": 500, "reason": "welcome bonus"], token: admin)
            #expect(granted.status == .ok, "\(granted.json)")
            #expect(granted.json["balance_after"] as? Int == 1500)
            let deducted = try await server.request(
                .post, "/api/v1/credits/adjust", json: ["user_id": kaiID, "delta": -200, "reason": "refund reversal"], token: admin)
            #expect(deducted.json["kind"] as? String == "deduct")
            let overdraw = try await server.request(
                .post, "/api/v1/credits/adjust", json: ["user_id": kaiID, "delta": -5000, "reason": "too much"], token: admin)
            #expect(overdraw.status == .conflict)
            let noReason = try await server.request(
                .post, "/api/v1/credits/adjust", json: ["user_id": kaiID, "delta": 5, "reason": " "], token: admin)
            #expect(noReason.json["field"] as? String == "reason")
            let byKai = try await server.request(.post, "/api/v1/credits/adjust", json: ["user_id": kaiID, "delta": 5, "reason": "me"], token: kai)
            #expect(byKai.status == .forbidden)
            #expect(try await server.balance(token: kai) == 1300)
            let rows = try await server.ledger(token: kai)
            #expect(rows.map { $0["reason"] as? String } == ["new account", "welcome bonus", "refund reversal"])
            let seenByAdmin = try await server.request(.get, "/api/v1/credits/user_ledger?user_id=\(kaiID)", token: admin).json
            #expect(seenByAdmin["total"] as? Int == 3)
        }
    }

    /// A process that dies after a task's credits were held: the task is run by the next
    /// process and captured once; nothing is lost or charged twice.
    @Test func aCrashBetweenHoldAndCompletionStillReconciles() async throws {
        let ids = LockedBox<[UUID]>()
        let userID = LockedBox<UUID>()
        try await TestServer.run(
            prepare: { connection in
                let user = User(
                    username: "lena", email: nil, passwordHash: try await PasswordHasher(cost: 4).hash("password1"), isSuperuser: false,
                    roleIDs: [Role.userID])
                try await FluentUserRepository(connection: connection).create(user, grant: 1000, actorID: nil)
                let tasks = FluentTaskRepository(connection: connection)
                var created: [UUID] = []
                for prompt in ["held then claimed by a dying worker", "held while the process died"] {
                    let spec = try GenerationSpec.validate(GenerationDraft(prompt: prompt), defaultModel: "gemini-3-pro-image")
                    var task = ImageTask(userID: user.id, spec: spec, referenceFileIDs: [])
                    task.creditsHeld = Self.realtimePrice
                    task.creditState = .reserved
                    created.append(try await tasks.create(task).task.id)
                }
                _ = try await tasks.claim(owner: "dead-worker", leaseSeconds: -5, limit: 1)
                ids.value = created
                userID.value = user.id
            },
            afterShutdown: { connection in
                let id = try #require(userID.value)
                let user = try #require(try await FluentUserRepository(connection: connection).find(id: id))
                let sum = try await FluentCreditRepository(connection: connection).ledgerSum(userID: user.id)
                #expect(user.credits == sum)
                #expect(user.credits == 1000 - 2 * Self.realtimePrice)
            }
        ) { server in
            let lena = try await server.login("lena", password: "password1")
            for id in try #require(ids.value) {
                #expect(try await server.waitForTask(id.uuidString, token: lena)["status"] as? String == "succeeded")
            }
            let rows = try await server.ledger(token: lena)
            #expect(rows.map { "\($0["kind"]!)" }.sorted() == ["capture", "capture", "grant", "reserve", "reserve"])
        }
    }
}
