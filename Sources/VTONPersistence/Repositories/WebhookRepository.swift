import FluentKit
import Foundation
import SQLKit
import VTONDomain

/// Webhook secrets, the tasks that asked for a webhook, their deliveries and the log of attempts.
public protocol WebhookRepository: Sendable {
    /// Replaces the user's sealed secret (one per user; the last of simultaneous rotations wins).
    func storeSecret(userID: UUID, sealed: String, at date: Date) async throws
    func sealedSecret(userID: UUID) async throws -> String?

    func register(_ webhooks: [TaskWebhook], at date: Date) async throws
    func registration(taskID: UUID) async throws -> TaskWebhook?
    /// Registrations whose task has ended but whose event was never queued.
    func unqueuedOfEndedTasks(limit: Int) async throws -> [TaskWebhook]
    /// Queues the delivery and marks its task's registration queued. False when the task
    /// already has a delivery of that event (it was queued by another path first).
    func enqueue(_ delivery: WebhookDelivery) async throws -> Bool

    /// Leases up to `limit` deliveries that are due (pending and due, or sending under a lease
    /// that ran out); each is leased by one caller only, the lease named `owner`.
    func claimDue(now: Date, leaseSeconds: Double, owner: String, limit: Int) async throws -> [WebhookDelivery]
    /// Records an attempt of a delivery leased by `owner` and leaves it in `status`, due again
    /// at `nextAttemptAt` when pending. False (nothing written) when the lease was lost.
    func finish(
        _ deliveryID: UUID, owner: String, attempt: WebhookAttempt, status: WebhookDeliveryStatus, nextAttemptAt: Date?
    ) async throws -> Bool
    /// When the earliest pending delivery is due.
    func nextDue() async throws -> Date?

    func deliveries(taskID: UUID) async throws -> [WebhookDelivery]
    func attempts(taskID: UUID) async throws -> [WebhookAttempt]
}

public struct FluentWebhookRepository: WebhookRepository {
    let connection: DatabaseConnection

    public init(connection: DatabaseConnection) { self.connection = connection }

    public func storeSecret(userID: UUID, sealed: String, at date: Date) async throws {
        // An upsert, so simultaneous rotations cannot collide on the unique user_id.
        let sql = try connection.database as! any SQLDatabase
        let insert: SQLQueryString =
            "INSERT INTO webhook_secrets (id, user_id, sealed_secret, created_at) VALUES (\(bind: UUID()), \(bind: userID), \(bind: sealed), \(bind: date))"
        guard !connection.isMySQL else {
            try await sql.raw(insert + " ON DUPLICATE KEY UPDATE sealed_secret = VALUES(sealed_secret), created_at = VALUES(created_at)").run()
            return
        }
        try await sql.raw(insert + " ON CONFLICT (user_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, created_at = excluded.created_at")
            .run()
    }

    public func sealedSecret(userID: UUID) async throws -> String? {
        try await WebhookSecretModel.query(on: connection.database).filter(\.$userID == userID).first()?.sealedSecret
    }

    public func register(_ webhooks: [TaskWebhook], at date: Date) async throws {
        guard !webhooks.isEmpty else { return }
        try await webhooks.map { TaskWebhookModel($0, createdAt: date) }.create(on: connection.database)
    }

    public func registration(taskID: UUID) async throws -> TaskWebhook? {
        try await TaskWebhookModel.query(on: connection.database).filter(\.$taskID == taskID).first()?.domain
    }

    public func unqueuedOfEndedTasks(limit: Int) async throws -> [TaskWebhook] {
        let sql = try connection.database as! any SQLDatabase
        let ended = TaskStatus.allCases.filter(\.isTerminal).map(\.rawValue)
        let taskIDs = try await sql.raw(
            """
            SELECT w.task_id FROM task_webhooks w JOIN tasks t ON t.id = w.task_id
            WHERE w.enqueued_at IS NULL AND t.status IN (\(binds: ended)) LIMIT \(bind: limit)
            """
        ).all().map { try $0.decode(column: "task_id", as: UUID.self) }
        guard !taskIDs.isEmpty else { return [] }
        return try await TaskWebhookModel.query(on: connection.database).filter(\.$taskID ~~ taskIDs).all().map(\.domain)
    }

    public func enqueue(_ delivery: WebhookDelivery) async throws -> Bool {
        do {
            try await UniqueViolation.naming(["task_id"], of: "webhook_deliveries") {
                try await connection.database.transaction { database in
                    try await WebhookDeliveryModel(delivery).create(on: database)
                    try await TaskWebhookModel.query(on: database).filter(\.$taskID == delivery.taskID)
                        .set(\.$enqueuedAt, to: delivery.createdAt).update()
                }
            }
            return true
        } catch is UniqueViolation {
            return false
        }
    }

    public func claimDue(now: Date, leaseSeconds: Double, owner: String, limit: Int) async throws -> [WebhookDelivery] {
        let database = try connection.database
        let due = try await WebhookDeliveryModel.query(on: database).group(.or) { either in
            either.group(.and) { $0.filter(\.$status == WebhookDeliveryStatus.pending.rawValue).filter(\.$nextAttemptAt <= now) }
            either.group(.and) { $0.filter(\.$status == WebhookDeliveryStatus.sending.rawValue).filter(\.$leaseExpiresAt < now) }
        }.sort(\.$nextAttemptAt).limit(limit).all(\.$id)
        var claimed: [WebhookDelivery] = []
        for id in due {
            // The conditions again, in the write: of two claimers only one still matches.
            try await WebhookDeliveryModel.query(on: database).filter(\.$id == id).group(.or) { either in
                either.group(.and) { $0.filter(\.$status == WebhookDeliveryStatus.pending.rawValue).filter(\.$nextAttemptAt <= now) }
                either.group(.and) { $0.filter(\.$status == WebhookDeliveryStatus.sending.rawValue).filter(\.$leaseExpiresAt < now) }
            }
            .set(\.$status, to: WebhookDeliveryStatus.sending.rawValue).set(\.$leaseOwner, to: owner)
            .set(\.$leaseExpiresAt, to: now.addingTimeInterval(leaseSeconds)).update()
            if let row = try await WebhookDeliveryModel.find(id, on: database), row.leaseOwner == owner, row.status == "sending" {
                claimed.append(row.domain)
            }
        }
        return claimed
    }

    public func finish(
        _ deliveryID: UUID, owner: String, attempt: WebhookAttempt, status: WebhookDeliveryStatus, nextAttemptAt: Date?
    ) async throws -> Bool {
        try await connection.database.transaction { database in
            guard let row = try await WebhookDeliveryModel.find(deliveryID, on: database), row.leaseOwner == owner,
                row.status == WebhookDeliveryStatus.sending.rawValue
            else { return false }
            row.status = status.rawValue
            row.attempts = attempt.number
            row.nextAttemptAt = status == .pending ? nextAttemptAt : nil
            row.leaseOwner = nil
            row.leaseExpiresAt = nil
            row.lastStatusCode = attempt.statusCode
            row.lastError = attempt.error
            if status == .delivered { row.deliveredAt = attempt.startedAt.addingTimeInterval(Double(attempt.durationMilliseconds) / 1000) }
            try await row.update(on: database)
            try await WebhookAttemptModel(attempt, taskID: row.taskID).create(on: database)
            return true
        }
    }

    public func nextDue() async throws -> Date? {
        try await WebhookDeliveryModel.query(on: connection.database).filter(\.$status == WebhookDeliveryStatus.pending.rawValue)
            .sort(\.$nextAttemptAt).first()?.nextAttemptAt
    }

    public func deliveries(taskID: UUID) async throws -> [WebhookDelivery] {
        try await WebhookDeliveryModel.query(on: connection.database).filter(\.$taskID == taskID).sort(\.$createdAt).all().map(\.domain)
    }

    public func attempts(taskID: UUID) async throws -> [WebhookAttempt] {
        try await WebhookAttemptModel.query(on: connection.database).filter(\.$taskID == taskID).sort(\.$startedAt).all().map(\.domain)
    }
}
