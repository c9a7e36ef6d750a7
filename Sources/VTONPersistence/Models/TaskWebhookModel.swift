import FluentKit
import Foundation
import VTONDomain

final class TaskWebhookModel: Model, @unchecked Sendable {
    static let schema = "task_webhooks"

    @ID(key: .id) var id: UUID?
    @Field(key: "task_id") var taskID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "url") var url: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "enqueued_at") var enqueuedAt: Date?

    init() {}

    init(_ webhook: TaskWebhook, createdAt: Date) {
        id = UUID()
        taskID = webhook.taskID
        userID = webhook.userID
        url = webhook.url
        self.createdAt = createdAt
    }

    var domain: TaskWebhook { TaskWebhook(taskID: taskID, userID: userID, url: url) }
}
