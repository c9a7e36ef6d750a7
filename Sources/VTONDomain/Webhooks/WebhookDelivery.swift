import Foundation

/// Where a delivery stands. `sending` is held under a lease by one dispatcher; a lease that
/// runs out (its process died) makes it due again. `refused`: the URL led to an address no
/// webhook may reach, so it is never tried again.
public enum WebhookDeliveryStatus: String, Sendable, CaseIterable {
    case pending, sending, delivered, failed, refused
}

/// One event for one task's webhook URL: its payload is fixed when the task ends, so every
/// attempt sends the same bytes under the same `webhook-id`.
public struct WebhookDelivery: Sendable, Equatable {
    public var id: UUID
    public var taskID: UUID
    public var userID: UUID
    public var eventType: WebhookEventType
    public var url: String
    public var payload: String
    public var status: WebhookDeliveryStatus
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastStatusCode: Int?
    public var lastError: String?
    public var createdAt: Date
    public var deliveredAt: Date?

    public init(
        id: UUID = .timeOrdered(), taskID: UUID, userID: UUID, eventType: WebhookEventType, url: String, payload: String,
        status: WebhookDeliveryStatus = .pending, attempts: Int = 0, nextAttemptAt: Date?, lastStatusCode: Int? = nil,
        lastError: String? = nil, createdAt: Date, deliveredAt: Date? = nil
    ) {
        self.id = id
        self.taskID = taskID
        self.userID = userID
        self.eventType = eventType
        self.url = url
        self.payload = payload
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastStatusCode = lastStatusCode
        self.lastError = lastError
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
    }

    /// The Standard Webhooks `webhook-id`: the same for every attempt, so receivers can drop repeats.
    public var messageID: String { "msg_" + id.lowercasedText }
}

/// One try of a delivery, for the task's delivery log.
public struct WebhookAttempt: Sendable, Equatable {
    public var deliveryID: UUID
    public var number: Int
    public var startedAt: Date
    public var durationMilliseconds: Int
    /// The receiver's HTTP status, nil when no answer came.
    public var statusCode: Int?
    public var error: String?

    public init(deliveryID: UUID, number: Int, startedAt: Date, durationMilliseconds: Int, statusCode: Int?, error: String?) {
        self.deliveryID = deliveryID
        self.number = number
        self.startedAt = startedAt
        self.durationMilliseconds = durationMilliseconds
        self.statusCode = statusCode
        self.error = error
    }

    /// What the attempt leaves the delivery in, by the retry schedule.
    public func outcome(refused: Bool, schedule: WebhookRetrySchedule) -> WebhookDeliveryStatus {
        if refused { return .refused }
        if let statusCode, (200..<300).contains(statusCode) { return .delivered }
        return schedule.delay(afterAttempt: number) == nil ? .failed : .pending
    }
}

/// A task whose owner asked for a webhook, before its event is queued for delivery.
public struct TaskWebhook: Sendable, Equatable {
    public var taskID: UUID
    public var userID: UUID
    public var url: String

    public init(taskID: UUID, userID: UUID, url: String) {
        self.taskID = taskID
        self.userID = userID
        self.url = url
    }
}
