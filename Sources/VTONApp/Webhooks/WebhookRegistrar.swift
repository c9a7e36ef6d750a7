import Foundation
import VTONDomain
import VTONPersistence

/// Accepts a task's or batch's `webhook_url` and writes it down for the dispatcher. A URL is
/// taken only when its host leads to addresses a webhook may reach (checked again before
/// every delivery, since DNS answers change) and the caller has a secret to sign with.
struct WebhookRegistrar: Sendable {
    let webhooks: any WebhookRepository
    let addressGuard: PublicAddressGuard
    let settings: WebhookSettings

    var allowLoopback: Bool { settings.allowLoopback }

    func check(_ url: WebhookURL, userID: UUID) async throws {
        guard try await webhooks.sealedSecret(userID: userID) != nil else {
            throw APIError(
                .unprocessableContent, code: "VALIDATION_ERROR",
                "webhooks are signed with your webhook secret: create it first with POST /api/v1/webhooks/secret", field: "webhook_url")
        }
        let outcome = await TimeLimit.first(within: settings.timeoutSeconds) { () async -> Result<Void, RemoteFetchError> in
            do throws(RemoteFetchError) {
                _ = try await addressGuard.vet(try RemoteImageFetcher.Target(url.value), allowLoopback: settings.allowLoopback)
                return .success(())
            } catch { return .failure(error) }
        }
        guard case .failure(let error) = outcome ?? .failure(.timeout(seconds: settings.timeoutSeconds)) else { return }
        switch error {
        case .unsupportedURL, .forbiddenAddress:
            throw APIError(.unprocessableContent, code: "FORBIDDEN_URL", "webhook URL: \(error)", field: "webhook_url")
        default:
            throw APIError(.unprocessableContent, code: "UNREACHABLE_URL", "webhook URL: \(error)", field: "webhook_url")
        }
    }

    func register(_ url: WebhookURL?, taskIDs: [UUID], userID: UUID) async throws {
        guard let url else { return }
        try await webhooks.register(taskIDs.map { TaskWebhook(taskID: $0, userID: userID, url: url.value) }, at: Date())
    }
}
