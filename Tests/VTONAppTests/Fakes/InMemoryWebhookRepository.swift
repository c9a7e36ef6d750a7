import Foundation
import Synchronization
import VTONDomain
import VTONPersistence

/// `WebhookRepository` in memory, for dispatcher tests that need no database. Which tasks have
/// ended is what the test says (`ended`), standing in for the join with `tasks`.
final class InMemoryWebhookRepository: WebhookRepository {
    private struct State {
        var secrets: [UUID: String] = [:]
        var registrations: [UUID: (webhook: TaskWebhook, queued: Bool)] = [:]
        var deliveries: [UUID: WebhookDelivery] = [:]
        var leases: [UUID: (owner: String, expires: Date)] = [:]
        var attempts: [(taskID: UUID, attempt: WebhookAttempt)] = []
    }

    private let state = Mutex(State())
    let ended = Mutex(Set<UUID>())

    func storeSecret(userID: UUID, sealed: String, at date: Date) async throws {
        state.withLock { $0.secrets[userID] = sealed }
    }

    func sealedSecret(userID: UUID) async throws -> String? {
        state.withLock { $0.secrets[userID] }
    }

    func register(_ webhooks: [TaskWebhook], at date: Date) async throws {
        state.withLock { state in for webhook in webhooks { state.registrations[webhook.taskID] = (webhook, false) } }
    }

    func registration(taskID: UUID) async throws -> TaskWebhook? {
        state.withLock { $0.registrations[taskID]?.webhook }
    }

    func unqueuedOfEndedTasks(limit: Int) async throws -> [TaskWebhook] {
        let ended = self.ended.withLock { $0 }
        return state.withLock { state in
            Array(state.registrations.values.filter { !$0.queued && ended.contains($0.webhook.taskID) }.map(\.webhook).prefix(limit))
        }
    }

    func enqueue(_ delivery: WebhookDelivery) async throws -> Bool {
        state.withLock { state in
            guard !state.deliveries.values.contains(where: { $0.taskID == delivery.taskID && $0.eventType == delivery.eventType }) else {
                return false
            }
            state.deliveries[delivery.id] = delivery
            state.registrations[delivery.taskID]?.queued = true
            return true
        }
    }

    func claimDue(now: Date, leaseSeconds: Double, owner: String, limit: Int) async throws -> [WebhookDelivery] {
        state.withLock { state in
            let due = state.deliveries.values.filter { delivery in
                switch delivery.status {
                case .pending: (delivery.nextAttemptAt ?? .distantFuture) <= now
                case .sending: (state.leases[delivery.id]?.expires ?? .distantPast) < now
                default: false
                }
            }.sorted { ($0.nextAttemptAt ?? .distantPast) < ($1.nextAttemptAt ?? .distantPast) }.prefix(limit)
            return due.map { delivery in
                state.deliveries[delivery.id]?.status = .sending
                state.leases[delivery.id] = (owner, now.addingTimeInterval(leaseSeconds))
                return state.deliveries[delivery.id]!
            }
        }
    }

    func finish(
        _ deliveryID: UUID, owner: String, attempt: WebhookAttempt, status: WebhookDeliveryStatus, nextAttemptAt: Date?
    ) async throws -> Bool {
        state.withLock { state in
            guard var delivery = state.deliveries[deliveryID], delivery.status == .sending, state.leases[deliveryID]?.owner == owner else {
                return false
            }
            delivery.status = status
            delivery.attempts = attempt.number
            delivery.nextAttemptAt = status == .pending ? nextAttemptAt : nil
            delivery.lastStatusCode = attempt.statusCode
            delivery.lastError = attempt.error
            if status == .delivered { delivery.deliveredAt = attempt.startedAt }
            state.deliveries[deliveryID] = delivery
            state.leases[deliveryID] = nil
            state.attempts.append((delivery.taskID, attempt))
            return true
        }
    }

    func nextDue() async throws -> Date? {
        state.withLock { $0.deliveries.values.filter { $0.status == .pending }.compactMap(\.nextAttemptAt).min() }
    }

    func deliveries(taskID: UUID) async throws -> [WebhookDelivery] {
        state.withLock { $0.deliveries.values.filter { $0.taskID == taskID }.sorted { $0.createdAt < $1.createdAt } }
    }

    func attempts(taskID: UUID) async throws -> [WebhookAttempt] {
        state.withLock { $0.attempts.filter { $0.taskID == taskID }.map(\.attempt) }
    }
}
