import Foundation
import Testing
import VTONDomain

@testable import VTONApp

/// Webhooks end to end: a real server, a real receiver on loopback that checks each signature
/// with the secret the API showed once, retries after a 500, and the task's delivery log.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct WebhookDeliveryTests {
    @Test(arguments: TestServer.databases)
    func anEndedTaskIsPostedSignedWithTheSecretShownOnce(database: String) async throws {
        try await WebhookReceiver.run { receiver in
            try await TestServer.run(database: database, users: ["wendy"], configure: TestServer.fastWebhooks) { server in
                let token = try await server.login("wendy", password: "password1")
                let secret = try await server.rotateWebhookSecret(token: token)
                #expect(secret.hasPrefix("whsec_"))
                let id = try await server.createTask(["prompt": "a cat on a lawn", "webhook_url": receiver.url], token: token)

                let message = try #require(try await receiver.waitForMessages(1).first)
                #expect(message.isSigned(with: secret))
                #expect(!message.isSigned(with: WebhookSecretBox.newSecret()))
                #expect(message.id.hasPrefix("msg_"))
                #expect(abs(Double(message.timestamp) - Date().timeIntervalSince1970) < 60)
                #expect(message.json["type"] as? String == "task.succeeded")
                let data = try #require(message.json["data"] as? [String: Any])
                #expect(data["task_id"] as? String == id)
                #expect(data["status"] as? String == "succeeded")
                #expect(((data["result"] as? [String: Any])?["images"] as? [Any])?.count == 1)

                let delivery = try await server.waitForDelivery(id, token: token, in: ["delivered"])
                #expect(delivery["webhook_id"] as? String == message.id)
                #expect(delivery["event"] as? String == "task.succeeded")
                #expect(delivery["attempts"] as? Int == 1)
                #expect(delivery["next_attempt_at"] is NSNull)
                let log = try #require(delivery["log"] as? [[String: Any]])
                #expect(log.map { $0["status_code"] as? Int } == [204])
                #expect(try await server.webhookLog(id, token: token)["webhook_url"] as? String == receiver.url)
            }
        }
    }

    @Test(arguments: TestServer.databases)
    func aFailedAnswerIsRetriedWithTheSameMessageUntilA2xx(database: String) async throws {
        try await WebhookReceiver.run(answers: [500]) { receiver in
            try await TestServer.run(database: database, users: ["rita"], configure: TestServer.fastWebhooks) { server in
                let token = try await server.login("rita", password: "password1")
                let secret = try await server.rotateWebhookSecret(token: token)
                let id = try await server.createTask(["prompt": "[[no_image]] nothing", "webhook_url": receiver.url], token: token)

                let delivery = try await server.waitForDelivery(id, token: token, in: ["delivered"])
                let messages = receiver.messages
                #expect(messages.count == 2)
                #expect(Set(messages.map(\.id)).count == 1, "a retry keeps its webhook-id")
                #expect(Set(messages.map(\.body)).count == 1, "a retry sends the same body")
                #expect(messages.allSatisfy { $0.isSigned(with: secret) })
                #expect(messages.first?.json["type"] as? String == "task.failed")
                #expect(delivery["attempts"] as? Int == 2)
                let log = try #require(delivery["log"] as? [[String: Any]])
                #expect(log.map { $0["status_code"] as? Int } == [500, 204])
                #expect(log.map { $0["attempt"] as? Int } == [1, 2])
                #expect((log.first?["error"] as? String)?.contains("500") == true)
            }
        }
    }

    @Test func aReceiverThatNeverAcceptsIsGivenUpAfterTheSchedule() async throws {
        try await WebhookReceiver.run(answers: [500, 503, 500, 500]) { receiver in
            try await TestServer.run(users: ["gus"], configure: TestServer.fastWebhooks) { server in
                let token = try await server.login("gus", password: "password1")
                _ = try await server.rotateWebhookSecret(token: token)
                let id = try await server.createTask(["prompt": "[[slow:30]] never mind", "webhook_url": receiver.url], token: token)
                #expect(try await server.request(.post, "/api/v1/images/tasks/\(id)/cancel", token: token).status == .ok)

                // Two delays in the schedule: three attempts, then no next one.
                let delivery = try await server.waitForDelivery(id, token: token, in: ["failed"])
                #expect(delivery["event"] as? String == "task.canceled")
                #expect(delivery["attempts"] as? Int == 3)
                #expect(delivery["next_attempt_at"] is NSNull)
                #expect(delivery["last_status_code"] as? Int == 500)
                #expect(receiver.messages.count == 3)
            }
        }
    }
}
