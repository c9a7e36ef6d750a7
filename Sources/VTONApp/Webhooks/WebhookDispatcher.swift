import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import VTONDomain
import VTONPersistence

/// Delivers webhooks. A task that ends in this process is queued at once (its event on the
/// bus); a sweep queues ended tasks whose event was missed (a restart) and picks up
/// deliveries whose lease ran out (a crashed process). Due deliveries are leased from the
/// table, so two dispatchers never send the same attempt, and sent with bounded concurrency;
/// each attempt is recorded, and anything but a 2xx is tried again by the schedule.
struct WebhookDispatcher: Service {
    let webhooks: any WebhookRepository
    let tasks: any TaskLookup
    let secrets: WebhookSecretBox
    let sender: any WebhookSending
    let signer: URLSigner
    let bus: any EventBus
    let settings: WebhookSettings
    let owner: String
    let logger: Logger
    private let wake = WorkSignal()
    private let inFlight = InFlight()

    init(
        webhooks: any WebhookRepository, tasks: any TaskLookup, secrets: WebhookSecretBox, sender: any WebhookSending, signer: URLSigner,
        bus: any EventBus, settings: WebhookSettings, owner: String, logger: Logger
    ) {
        self.webhooks = webhooks
        self.tasks = tasks
        self.secrets = secrets
        self.sender = sender
        self.signer = signer
        self.bus = bus
        self.settings = settings
        self.owner = owner
        self.logger = logger
    }

    /// Long enough for one attempt to end by its own deadline before another process may take it.
    var leaseSeconds: Double { settings.timeoutSeconds * 2 + 30 }

    func run() async throws {
        let (ended, continuation) = AsyncStream.makeStream(of: UUID.self)
        let subscription = bus.subscribeAll { event in
            if event.status.isTerminal { continuation.yield(event.taskID) }
        }
        defer {
            bus.unsubscribeAll(subscription: subscription)
            continuation.finish()
        }
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    for await taskID in ended { await guarded("queue") { try await queue(taskID: taskID) } }
                }
                group.addTask { await sweepLoop() }
                group.addTask { await sendLoop() }
            }
        }
    }

    /// Queues the event of a task that ended, if it asked for a webhook.
    func queue(taskID: UUID) async throws {
        guard let webhook = try await webhooks.registration(taskID: taskID) else { return }
        try await queue(webhook)
    }

    private func queue(_ webhook: TaskWebhook) async throws {
        guard let task = try await tasks.find(id: webhook.taskID), let event = WebhookEventType(terminal: task.status) else { return }
        let now = Date()
        let delivery = WebhookDelivery(
            taskID: task.id, userID: task.userID, eventType: event, url: webhook.url,
            payload: try WebhookPayload.body(for: task, event: event, at: now, signer: signer), nextAttemptAt: now, createdAt: now)
        if try await webhooks.enqueue(delivery) { wake.notify() }
    }

    /// Queues what was missed, then lets the sender look for due work (expired leases too).
    func sweep() async throws {
        for webhook in try await webhooks.unqueuedOfEndedTasks(limit: 1000) { try await queue(webhook) }
        wake.notify()
    }

    private func sweepLoop() async {
        while !Task.isCancelled {
            await guarded("sweep") { try await sweep() }
            try? await Task.sleep(for: settings.sweepInterval)
        }
    }

    private func sendLoop() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let free = settings.concurrency - inFlight.count
                var claimed: [WebhookDelivery] = []
                if free > 0 {
                    await guarded("claim") {
                        claimed = try await webhooks.claimDue(now: Date(), leaseSeconds: leaseSeconds, owner: owner, limit: free)
                    }
                }
                for delivery in claimed {
                    inFlight.add(1)
                    group.addTask {
                        await guarded("attempt") { try await attempt(delivery) }
                        inFlight.add(-1)
                        wake.notify()
                    }
                }
                // A full claim may leave more due work; otherwise sleep until the next is due.
                if free > 0, claimed.count == free { continue }
                await wake.wait(timeout: await untilNextDue())
            }
        }
    }

    private func untilNextDue() async -> Duration {
        var wait = settings.sweepInterval
        await guarded("next due") {
            if let next = try await webhooks.nextDue() {
                wait = min(wait, .milliseconds(max(Int(next.timeIntervalSinceNow * 1000) + 1, 1)))
            }
        }
        return wait
    }

    /// One try of a leased delivery, recorded with what it leaves the delivery in.
    func attempt(_ delivery: WebhookDelivery) async throws {
        let number = delivery.attempts + 1
        let started = Date()
        var statusCode: Int?
        var failure: String?
        var refused = false
        do {
            guard let sealed = try await webhooks.sealedSecret(userID: delivery.userID) else {
                throw WebhookSendError.unreachable("the owner has no webhook secret")
            }
            let timestamp = Int(started.timeIntervalSince1970)
            let signature = try WebhookSignature.sign(
                id: delivery.messageID, timestamp: timestamp, body: delivery.payload, secret: try secrets.open(sealed))
            let headers = [
                (StandardWebhook.idHeader, delivery.messageID), (StandardWebhook.timestampHeader, String(timestamp)),
                (StandardWebhook.signatureHeader, signature),
            ]
            statusCode = try await sender.post(delivery.url, headers: headers, body: delivery.payload)
            if let statusCode, !(200..<300).contains(statusCode) { failure = "the receiver answered HTTP \(statusCode)" }
        } catch let error as WebhookSendError {
            if case .refused = error { refused = true }
            failure = error.description
        } catch {
            failure = String(describing: error)
        }
        let record = WebhookAttempt(
            deliveryID: delivery.id, number: number, startedAt: started, durationMilliseconds: Int(Date().timeIntervalSince(started) * 1000),
            statusCode: statusCode, error: failure)
        let status = record.outcome(refused: refused, schedule: settings.schedule)
        let next = settings.schedule.delay(afterAttempt: number).map { Date().addingTimeInterval($0) }
        if let failure {
            logger.warning(
                "webhook attempt failed",
                metadata: [
                    "task": "\(delivery.taskID)", "host": "\(RemoteImageFetcher.Target.loggableHost(delivery.url))", "attempt": "\(number)",
                    "reason": "\(failure)", "then": "\(status.rawValue)",
                ])
        }
        guard try await webhooks.finish(delivery.id, owner: owner, attempt: record, status: status, nextAttemptAt: next) else {
            logger.warning("webhook lease lost before its attempt was recorded", metadata: ["task": "\(delivery.taskID)"])
            return
        }
    }

    private func guarded(_ step: String, _ work: () async throws -> Void) async {
        do { try await work() } catch { logger.error("webhook \(step) failed", metadata: ["error": "\(error)"]) }
    }
}

/// Attempts under way, counted by the send loop and its child tasks.
private final class InFlight: Sendable {
    private let value = Mutex(0)

    var count: Int { value.withLock { $0 } }

    func add(_ change: Int) { value.withLock { $0 += change } }
}
