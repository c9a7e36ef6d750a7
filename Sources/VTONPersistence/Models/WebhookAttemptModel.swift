import FluentKit
import Foundation
import VTONDomain

final class WebhookAttemptModel: Model, @unchecked Sendable {
    static let schema = "webhook_attempts"

    @ID(key: .id) var id: UUID?
    @Field(key: "delivery_id") var deliveryID: UUID
    @Field(key: "task_id") var taskID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "started_at") var startedAt: Date
    @Field(key: "duration_ms") var durationMilliseconds: Int
    @OptionalField(key: "status_code") var statusCode: Int?
    @OptionalField(key: "error") var error: String?

    init() {}

    init(_ attempt: WebhookAttempt, taskID: UUID) {
        id = UUID()
        deliveryID = attempt.deliveryID
        self.taskID = taskID
        number = attempt.number
        startedAt = attempt.startedAt
        durationMilliseconds = attempt.durationMilliseconds
        statusCode = attempt.statusCode
        error = attempt.error
    }

    var domain: WebhookAttempt {
        WebhookAttempt(
            deliveryID: deliveryID, number: number, startedAt: startedAt, durationMilliseconds: durationMilliseconds, statusCode: statusCode,
            error: error)
    }
}
