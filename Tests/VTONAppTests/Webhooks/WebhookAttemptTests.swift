import Foundation
import Logging
import Synchronization
import Testing
import VTONDomain
import VTONPersistence

@testable import VTONApp

/// What one attempt leaves a delivery in, by the receiver's answer and the schedule, without
/// a server or a database: the dispatcher over the in-memory repository and a scripted sender.
struct WebhookAttemptTests {
    /// Answers the scripted results in order, recording the headers it was given.
    final class ScriptedSender: WebhookSending {
        let script: Mutex<[Result<Int, WebhookSendError>]>
        let sent = Mutex<[[(String, String)]]>([])

        init(_ script: [Result<Int, WebhookSendError>]) { self.script = Mutex(script) }

        func post(_ url: String, headers: [(String, String)], body: String) async throws(WebhookSendError) -> Int {
            sent.withLock { $0.append(headers) }
            let next = script.withLock { $0.isEmpty ? .success(204) : $0.removeFirst() }
            return try next.get()
        }
    }

    /// `attempt` reads only the delivery, the secret and the sender.
    struct NoTasks: TaskLookup {
        func find(id: UUID) async throws -> ImageTask? { nil }
    }

    func dispatcher(_ repository: InMemoryWebhookRepository, sender: ScriptedSender) throws -> WebhookDispatcher {
        var settings = WebhookSettings()
        settings.schedule = WebhookRetrySchedule(delays: [0.01, 0.01])!
        return WebhookDispatcher(
            webhooks: repository, tasks: NoTasks(), secrets: WebhookSecretBox(serverSecret: "a server secret of at least 32 bytes!"),
            sender: sender, signer: URLSigner(secret: "signing"), bus: InProcessEventBus(), settings: settings, owner: "me",
            logger: Logger(label: "test"))
    }

    /// Queues one delivery and runs attempts until it leaves `pending`, answering its final status.
    func run(_ script: [Result<Int, WebhookSendError>]) async throws -> (WebhookDelivery, [WebhookAttempt], ScriptedSender) {
        let repository = InMemoryWebhookRepository()
        let sender = ScriptedSender(script)
        let dispatcher = try dispatcher(repository, sender: sender)
        let userID = UUID()
        let box = WebhookSecretBox(serverSecret: "a server secret of at least 32 bytes!")
        try await repository.storeSecret(userID: userID, sealed: try box.seal(WebhookSecretBox.newSecret()), at: Date())
        let delivery = WebhookDelivery(
            taskID: UUID(), userID: userID, eventType: .taskSucceeded, url: "https://hooks.example/in", payload: "{}",
            nextAttemptAt: Date(), createdAt: Date())
        #expect(try await repository.enqueue(delivery))
        for _ in 0..<10 {
            guard let claimed = try await repository.claimDue(now: Date().addingTimeInterval(1), leaseSeconds: 30, owner: "me", limit: 1).first
            else { break }
            try await dispatcher.attempt(claimed)
        }
        let final = try #require(try await repository.deliveries(taskID: delivery.taskID).first)
        return (final, try await repository.attempts(taskID: delivery.taskID), sender)
    }

    @Test func aTwoHundredDeliversAtOnce() async throws {
        let (delivery, attempts, sender) = try await run([.success(200)])
        #expect(delivery.status == .delivered)
        #expect(attempts.map(\.statusCode) == [200])
        let headers = Dictionary(uniqueKeysWithValues: try #require(sender.sent.withLock { $0.first }))
        #expect(headers["webhook-id"] == delivery.messageID)
        #expect(headers["webhook-signature"]?.hasPrefix("v1,") == true)
        #expect(headers["webhook-timestamp"].flatMap(Int.init) != nil)
    }

    @Test func errorsAndTimeoutsAreRetriedUntilTheScheduleEnds() async throws {
        let (delivery, attempts, _) = try await run([.success(500), .failure(.timeout(seconds: 1)), .failure(.unreachable("refused"))])
        #expect(delivery.status == .failed)
        #expect(delivery.nextAttemptAt == nil)
        #expect(attempts.map(\.number) == [1, 2, 3])
        #expect(attempts.map(\.statusCode) == [500, nil, nil])
    }

    @Test func aRedirectIsNotADelivery() async throws {
        let (delivery, attempts, _) = try await run([.success(301), .success(204)])
        #expect(delivery.status == .delivered)
        #expect(attempts.map(\.statusCode) == [301, 204])
    }

    @Test func aRefusedAddressIsNeverTriedAgain() async throws {
        let (delivery, attempts, _) = try await run([.failure(.refused("10.0.0.7 is private"))])
        #expect(delivery.status == .refused)
        #expect(attempts.count == 1)
    }
}
