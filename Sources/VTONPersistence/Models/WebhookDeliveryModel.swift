import FluentKit
import Foundation
import VTONDomain

final class WebhookDeliveryModel: Model, @unchecked Sendable {
    static let schema = "webhook_deliveries"

    @ID(key: .id) var id: UUID?
    @Field(key: "task_id") var taskID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "event_type") var eventType: String
    @Field(key: "url") var url: String
    @Field(key: "payload") var payload: String
    @Field(key: "status") var status: String
    @Field(key: "attempts") var attempts: Int
    @OptionalField(key: "next_attempt_at") var nextAttemptAt: Date?
    @OptionalField(key: "lease_owner") var leaseOwner: String?
    @OptionalField(key: "lease_expires_at") var leaseExpiresAt: Date?
    @OptionalField(key: "last_status_code") var lastStatusCode: Int?
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "delivered_at") var deliveredAt: Date?

    init() {}

    init(_ delivery: WebhookDelivery) {
        id = delivery.id
        taskID = delivery.taskID
        userID = delivery.userID
        eventType = delivery.eventType.rawValue
        url = delivery.url
        payload = delivery.payload
        status = delivery.status.rawValue
        attempts = delivery.attempts
        nextAttemptAt = delivery.nextAttemptAt
        lastStatusCode = delivery.lastStatusCode
        lastError = delivery.lastError
        createdAt = delivery.createdAt
        deliveredAt = delivery.deliveredAt
    }

    var domain: WebhookDelivery {
        WebhookDelivery(
            id: id!, taskID: taskID, userID: userID, eventType: WebhookEventType(rawValue: eventType) ?? .taskFailed, url: url, payload: payload,
            status: WebhookDeliveryStatus(rawValue: status) ?? .pending, attempts: attempts, nextAttemptAt: nextAttemptAt,
            lastStatusCode: lastStatusCode, lastError: lastError, createdAt: createdAt, deliveredAt: deliveredAt)
    }
}
