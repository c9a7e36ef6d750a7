import Foundation
import Testing
import VTONDomain
import VTONPersistence

@testable import VTONApp

/// Deliveries live in the database: one waiting for its retry is sent by the next process,
/// and a task that ended while no dispatcher heard of it is found by the sweep.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct WebhookRestartTests {
    @Test func aWaitingRetryAndAMissedEventAreDeliveredAfterARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vton-hooks-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = LockedBox<(retried: String, missed: String)>()
        try await WebhookReceiver.run(answers: [500]) { receiver in
            try await TestServer.run(
                users: ["rex"], dataDirectory: directory,
                configure: { configuration, overrides in
                    TestServer.fastWebhooks(&configuration, &overrides)
                    configuration.webhooks.schedule = WebhookRetrySchedule(delays: [2])!
                }
            ) { server in
                let token = try await server.login("rex", password: "password1")
                _ = try await server.rotateWebhookSecret(token: token)
                let retried = try await server.createTask(["prompt": "a lamp", "webhook_url": receiver.url], token: token)
                let missed = try await server.createTask(["prompt": "a chair"], token: token)
                _ = try await server.waitForTask(missed, token: token)
                // Shut down after the 500 and before the retry two seconds later.
                _ = try await server.waitForDelivery(retried, token: token, in: ["pending"], attempts: 1)
                first.value = (retried, missed)
            }
            let (retried, missed) = try #require(first.value)
            try await TestServer.run(
                users: ["rex"], dataDirectory: directory, configure: TestServer.fastWebhooks,
                prepare: { connection in
                    // As if the task had asked for a webhook and ended while no dispatcher ran.
                    let taskID = try #require(UUID(uuidString: missed))
                    let task = try #require(try await FluentTaskRepository(connection: connection).find(id: taskID))
                    try await FluentWebhookRepository(connection: connection).register(
                        [TaskWebhook(taskID: task.id, userID: task.userID, url: receiver.url)], at: Date())
                }
            ) { server in
                let token = try await server.login("rex", password: "password1")
                let delivery = try await server.waitForDelivery(retried, token: token, in: ["delivered"])
                #expect((delivery["log"] as? [[String: Any]])?.map { $0["status_code"] as? Int } == [500, 204])
                let swept = try await server.waitForDelivery(missed, token: token, in: ["delivered"])
                #expect(swept["event"] as? String == "task.succeeded")
                #expect(receiver.messages.count == 3)
                #expect(Set(receiver.messages.compactMap(\.taskID)) == [retried, missed])
            }
        }
    }
}
