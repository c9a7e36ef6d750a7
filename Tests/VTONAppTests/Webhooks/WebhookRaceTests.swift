import Foundation
import Logging
import Testing
import VTONDomain
import VTONPersistence

@testable import VTONApp

/// Simultaneous rotations and completions, and dispatchers racing for the same rows: every
/// delivery is sent once, on SQLite and on PostgreSQL.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct WebhookRaceTests {
    @Test(arguments: TestServer.databases)
    func simultaneousRotationsAndCompletionsSendEachDeliveryOnce(database: String) async throws {
        try await WebhookReceiver.run { receiver in
            try await TestServer.run(database: database, users: ["zoe"], configure: TestServer.fastWebhooks) { server in
                let token = try await server.login("zoe", password: "password1")
                let rotations = try await Burst.post(port: server.port, "/api/v1/webhooks/secret", count: 24, token: token) { _ in [String: String]()
                }
                #expect(rotations.map(\.status) == Array(repeating: 201, count: 24), "\(rotations.map(\.status))")
                let secrets = rotations.compactMap { $0.json["secret"] as? String }
                #expect(Set(secrets).count == 24)

                let created = try await Burst.post(port: server.port, "/api/v1/images/generate", count: 24, token: token) { index in
                    ["prompt": "poster \(index)", "webhook_url": receiver.url]
                }
                #expect(created.allSatisfy { $0.status == 201 }, "\(created.map(\.status))")
                let ids = created.compactMap { $0.json["task_id"] as? String }
                for id in ids { _ = try await server.waitForDelivery(id, token: token, in: ["delivered"]) }

                let messages = receiver.messages
                #expect(messages.count == 24)
                #expect(Set(messages.map(\.id)).count == 24)
                #expect(Set(messages.compactMap(\.taskID)) == Set(ids))
                // The last rotation to commit signs everything; every other shown secret is void.
                let signing = secrets.filter { secret in messages.allSatisfy { $0.isSigned(with: secret) } }
                #expect(signing.count == 1)
            }
        }
    }

    @Test(arguments: TestServer.databases)
    func dispatchersRacingForDueDeliveriesEachClaimDifferentOnes(database: String) async throws {
        var logger = Logger(label: "test.webhooks")
        logger.logLevel = .warning
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vton-hooks-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let location = try await TestServer.fresh(database) ?? .sqliteFile(directory + "/race.sqlite")
        let connection = try DatabaseConnection(location: location, logger: logger)
        do {
            try await connection.migrate()
            let repository = FluentWebhookRepository(connection: connection)
            let now = Date()
            for index in 0..<30 {
                let delivery = WebhookDelivery(
                    taskID: UUID(), userID: UUID(), eventType: .taskSucceeded, url: "https://hooks.example/\(index)", payload: "{}",
                    nextAttemptAt: now.addingTimeInterval(-1), createdAt: now)
                #expect(try await repository.enqueue(delivery))
                #expect(
                    try await repository.enqueue(
                        WebhookDelivery(
                            taskID: delivery.taskID, userID: delivery.userID, eventType: .taskSucceeded, url: delivery.url, payload: "{}",
                            nextAttemptAt: now, createdAt: now)) == false, "a task's event is queued once")
            }
            let claims = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for owner in 0..<8 {
                    group.addTask {
                        try await repository.claimDue(now: Date(), leaseSeconds: 60, owner: "dispatcher-\(owner)", limit: 30).map(\.id)
                    }
                }
                return try await group.reduce(into: [UUID]()) { $0 += $1 }
            }
            #expect(claims.count == 30, "each due delivery is claimed by exactly one dispatcher")
            #expect(Set(claims).count == 30)
            #expect(try await repository.claimDue(now: Date(), leaseSeconds: 60, owner: "late", limit: 30).isEmpty)
            // A lease that ran out (its process died) makes the delivery due again.
            #expect(try await repository.claimDue(now: Date().addingTimeInterval(61), leaseSeconds: 60, owner: "heir", limit: 50).count == 30)
        } catch {
            await connection.shutdown()
            throw error
        }
        await connection.shutdown()
    }
}
