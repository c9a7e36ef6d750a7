import Foundation
import HTTPTypes
import Testing
import VTONDomain

@testable import VTONApp

/// The batch discount goes only to tasks a batch delivered, credits and `cost_usd` always
/// agree, and a batch the provider has lost ends instead of holding credits for ever.
@Suite(.timeLimit(.minutes(3)))
struct BatchMoneyTests {
    static let fullPrice = CreditPricing().credits(model: "gemini-3-pro-image", size: .k1, batch: false)
    static let halfPrice = CreditPricing().credits(model: "gemini-3-pro-image", size: .k1, batch: true)

    @Test func anEconomyTaskDeliveredByABatchPaysHalfAndOneRunRealtimePaysFull() async throws {
        try await TestServer.run(
            users: ["eco"],
            configure: { configuration, _ in
                configuration.economyMaxAgeSeconds = 0.2
                configuration.emulatorBatchSeconds = 0.3
            }
        ) { server in
            let eco = try await server.login("eco", password: "password1")
            let start = try await server.balance(token: eco)
            let pooled = try await server.createTask(["prompt": "patient", "priority": "economy"], token: eco)
            let delivered = try await server.waitForTask(pooled, token: eco)
            #expect(delivered["status"] as? String == "succeeded" && delivered["batch_id"] is String)
            #expect(delivered["cost_usd"] as? Double == Double(Self.halfPrice) / 1000)
            #expect(try await server.balance(token: eco) == start - Self.halfPrice)
            let movements = try await server.ledger(token: eco).filter { $0["task_id"] as? String == pooled }
            #expect(movements.map { $0["kind"] as? String } == ["reserve", "capture", "release"])
            #expect(movements.map { $0["delta"] as? Int } == [-Self.fullPrice, 0, Self.fullPrice - Self.halfPrice])
        }
        try await TestServer.run(
            users: ["rush"],
            configure: { configuration, _ in
                configuration.economyMaxAgeSeconds = 0.2
                configuration.emulatorBatchSeconds = 30
            }
        ) { server in
            let rush = try await server.login("rush", password: "password1")
            let start = try await server.balance(token: rush)
            let id = try await server.createTask(["prompt": "in a hurry", "priority": "economy", "deadline_seconds": 1], token: rush)
            let task = try await server.waitForTask(id, token: rush)
            #expect(task["status"] as? String == "succeeded" && task["priority"] as? String == "realtime")
            #expect(task["cost_usd"] as? Double == Double(Self.fullPrice) / 1000)
            #expect(try await server.balance(token: rush) == start - Self.fullPrice)
        }
    }

    /// The embedded emulator forgets its batches when the server restarts, as Google deletes old
    /// ones: the user's batch fails with PROVIDER_LOST and gives its credits back; the economy
    /// task returns to the pool and is delivered by a later batch.
    @Test func aBatchTheProviderLostEndsAndFreesItsCredits() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vton-lost-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let made = LockedBox<(batch: String, prompts: [String], economy: String, start: Int)>()
        try await TestServer.run(
            users: ["lena"], dataDirectory: directory,
            configure: { configuration, _ in
                configuration.economyMaxAgeSeconds = 0.2
                configuration.emulatorBatchSeconds = 120
            }
        ) { server in
            let lena = try await server.login("lena", password: "password1")
            let start = try await server.balance(token: lena)
            let batch = try await server.request(.post, "/api/v1/images/batch-generate", json: ["prompts": ["one", "two"]], token: lena)
            #expect(batch.status == .created)
            let economy = try await server.createTask(["prompt": "pooled", "priority": "economy"], token: lena)
            let sent = try await eventually { try await server.task(economy, token: lena)["batch_id"] is String ? true : nil }
            #expect(sent == true)
            made.value = (
                try #require(batch.json["batch_name"] as? String), try #require(batch.json["task_ids"] as? [String]), economy, start
            )
        }
        let before = try #require(made.value)
        // The provider forgets the batches: as when Google deleted them, or with a new key.
        try FileManager.default.removeItem(atPath: directory + "/emulator")
        try await TestServer.run(
            dataDirectory: directory,
            configure: { configuration, _ in
                configuration.economyMaxAgeSeconds = 0.2
                configuration.emulatorBatchSeconds = 0.3
            }
        ) { server in
            let lena = try await server.login("lena", password: "password1")
            for id in before.prompts {
                let task = try await server.waitForTask(id, token: lena)
                #expect(task["status"] as? String == "failed")
                #expect((task["error"] as? [String: Any])?["code"] as? String == "PROVIDER_LOST", "\(task)")
            }
            let status = try await server.request(.get, "/api/v1/images/batch/\(before.batch)/status", token: lena).json
            #expect(status["status"] as? String == "failed", "\(status)")
            let economy = try await server.waitForTask(before.economy, token: lena)
            #expect(economy["status"] as? String == "succeeded", "\(economy)")
            #expect(try await server.balance(token: lena) == before.start - Self.halfPrice)
        }
    }

    /// A provider that cannot be reached at all (here a closed port) is a transient error, retried
    /// with backoff, but only for `batchLostAfterSeconds`: then the batch is given up the same way.
    @Test func aBatchWhosePollsKeepFailingIsGivenUpAfterTheBound() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vton-unreachable-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let prompts = LockedBox<[String]>()
        try await TestServer.run(
            users: ["ursa"], dataDirectory: directory,
            configure: { configuration, _ in
                configuration.emulatorBatchSeconds = 120
            }
        ) { server in
            let ursa = try await server.login("ursa", password: "password1")
            let batch = try await server.request(.post, "/api/v1/images/batch-generate", json: ["prompts": ["far away"]], token: ursa)
            prompts.value = batch.json["task_ids"] as? [String]
        }
        let closed = try LoopbackPortReservation()
        try await TestServer.run(
            dataDirectory: directory,
            configure: { configuration, _ in
                configuration.geminiBaseURL = "http://127.0.0.1:\(closed.port)"
                configuration.batchLostAfterSeconds = 1
            }
        ) { server in
            let ursa = try await server.login("ursa", password: "password1")
            for id in try #require(prompts.value) {
                let task = try await server.waitForTask(id, token: ursa)
                #expect((task["error"] as? [String: Any])?["code"] as? String == "PROVIDER_LOST", "\(task)")
            }
        }
    }
}
