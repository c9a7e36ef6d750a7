import Foundation
import Hummingbird
import VTONDomain

/// `POST /api/v1/webhooks/secret`: the new secret, shown this once.
struct WebhookSecretIssuedDTO: Encodable {
    let secret: String
    let createdAt: Date
}

/// `GET /api/v1/images/tasks/{task_id}/webhooks`: the task's webhook and every attempt.
struct WebhookLogDTO: Encodable {
    let taskID: UUID
    let webhookURL: String?
    let deliveries: [WebhookDeliveryDTO]

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id", webhookURL = "webhook_url", deliveries
    }

    /// `webhook_url` is `null` for a task without a webhook, not absent.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(taskID, forKey: .taskID)
        try container.encode(webhookURL, forKey: .webhookURL)
        try container.encode(deliveries, forKey: .deliveries)
    }
}

struct WebhookDeliveryDTO: Encodable {
    let webhookID: String
    let event: String
    let status: String
    let attempts: Int
    let nextAttemptAt: Date?
    let lastStatusCode: Int?
    let lastError: String?
    let createdAt: Date
    let deliveredAt: Date?
    let log: [WebhookAttemptDTO]

    init(_ delivery: WebhookDelivery, attempts: [WebhookAttempt]) {
        webhookID = delivery.messageID
        event = delivery.eventType.rawValue
        status = delivery.status.rawValue
        self.attempts = delivery.attempts
        nextAttemptAt = delivery.status == .pending ? delivery.nextAttemptAt : nil
        lastStatusCode = delivery.lastStatusCode
        lastError = delivery.lastError
        createdAt = delivery.createdAt
        deliveredAt = delivery.deliveredAt
        log = attempts.filter { $0.deliveryID == delivery.id && $0.number <= delivery.attempts }.sorted { $0.number < $1.number }
            .map(WebhookAttemptDTO.init)
    }

    enum CodingKeys: String, CodingKey {
        case webhookID = "webhook_id", event, status, attempts, nextAttemptAt, lastStatusCode, lastError, createdAt, deliveredAt, log
    }

    /// Absent values are written as `null`, so every delivery has the same fields.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(webhookID, forKey: .webhookID)
        try container.encode(event, forKey: .event)
        try container.encode(status, forKey: .status)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(lastStatusCode, forKey: .lastStatusCode)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(deliveredAt, forKey: .deliveredAt)
        try container.encode(log, forKey: .log)
    }
}

struct WebhookAttemptDTO: Encodable {
    let attempt: Int
    let startedAt: Date
    let durationMs: Int
    let statusCode: Int?
    let error: String?

    init(_ attempt: WebhookAttempt) {
        self.attempt = attempt.number
        startedAt = attempt.startedAt
        durationMs = attempt.durationMilliseconds
        statusCode = attempt.statusCode
        error = attempt.error
    }

    enum CodingKeys: String, CodingKey {
        case attempt, startedAt, durationMs, statusCode, error
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(attempt, forKey: .attempt)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(durationMs, forKey: .durationMs)
        try container.encode(statusCode, forKey: .statusCode)
        try container.encode(error, forKey: .error)
    }
}

extension WebhookSecretIssuedDTO: ResponseEncodable {}
extension WebhookLogDTO: ResponseEncodable {}
