import Foundation
import VTONDomain

/// The body of a webhook message: `{"type","timestamp","data"}` as Standard Webhooks suggests,
/// `data` being the task object of `GET /api/v1/images/tasks/{id}` (API.md §2.3). Its result
/// URLs carry a signature that expires; receivers that keep images fetch them with their key.
struct WebhookPayload: Encodable {
    let type: String
    let timestamp: Date
    let data: TaskDTO

    static func body(for task: ImageTask, event: WebhookEventType, at date: Date, signer: URLSigner) throws -> String {
        try WireJSON.string(WebhookPayload(type: event.rawValue, timestamp: date, data: TaskDTO(task, signer: signer)))
    }
}
