import Foundation
import Hummingbird
import VTONDomain
import VTONPersistence

/// `POST /api/v1/webhooks/secret` (the caller's signing secret, made or replaced and shown
/// once) and `GET /api/v1/images/tasks/{task_id}/webhooks` (a task's delivery log).
struct WebhookController {
    let webhooks: any WebhookRepository
    let tasks: any TaskRepository
    let secrets: WebhookSecretBox

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.post("webhooks/secret", use: rotateSecret)
        api.get("images/tasks/{task_id}/webhooks", use: log)
    }

    @Sendable func rotateSecret(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<WebhookSecretIssuedDTO> {
        let caller = try context.requireIdentity()
        // Whoever holds the secret can forge deliveries, so a key (a program) cannot replace it,
        // as it cannot make keys.
        guard caller.apiKeyID == nil else {
            throw APIError(.forbidden, code: "FORBIDDEN", "an API key cannot replace the webhook secret; sign in with a password")
        }
        let secret = WebhookSecretBox.newSecret()
        let now = Date()
        try await webhooks.storeSecret(userID: caller.user.id, sealed: try secrets.seal(secret), at: now)
        return EditedResponse(status: .created, response: WebhookSecretIssuedDTO(secret: secret, createdAt: now))
    }

    @Sendable func log(_ request: Request, context: AppRequestContext) async throws -> WebhookLogDTO {
        let user = try context.requireIdentity().user
        guard let id = context.parameters.get("task_id").flatMap(UUID.init(uuidString:)), try await tasks.find(id: id, userID: user.id) != nil
        else { throw APIError.notFound("task") }
        // Deliveries first: an attempt recorded meanwhile is left out of the log (by its number)
        // rather than shown under a delivery that does not count it yet.
        let deliveries = try await webhooks.deliveries(taskID: id)
        let attempts = try await webhooks.attempts(taskID: id)
        return WebhookLogDTO(
            taskID: id, webhookURL: try await webhooks.registration(taskID: id)?.url,
            deliveries: deliveries.map { WebhookDeliveryDTO($0, attempts: attempts) })
    }
}
