import Foundation
import Testing
import VTONDomain

@testable import VTONApp

/// What the webhook tests share: a server whose retries and sweeps take fractions of a
/// second and that may deliver to loopback, and the calls a webhook user makes.
extension TestServer {
    static func fastWebhooks(_ configuration: inout AppConfiguration, _ overrides: inout AppOverrides) {
        configuration.webhooks.allowLoopback = true
        configuration.webhooks.schedule = WebhookRetrySchedule(delays: [0.2, 0.3])!
        configuration.webhooks.sweepInterval = .milliseconds(200)
        configuration.webhooks.timeoutSeconds = 3
    }

    func rotateWebhookSecret(token: String) async throws -> String {
        let reply = try await request(.post, "/api/v1/webhooks/secret", token: token)
        #expect(reply.status == .created, "\(reply.json)")
        return try #require(reply.json["secret"] as? String)
    }

    func webhookLog(_ taskID: String, token: String) async throws -> [String: Any] {
        try await request(.get, "/api/v1/images/tasks/\(taskID)/webhooks", token: token).json
    }

    /// Polls the task's delivery log until its first delivery is in one of `statuses` after at
    /// least `attempts` attempts.
    func waitForDelivery(
        _ taskID: String, token: String, in statuses: Set<String>, attempts: Int = 0, within seconds: Double = 20
    ) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let delivery = (try await webhookLog(taskID, token: token)["deliveries"] as? [[String: Any]])?.first,
                let status = delivery["status"] as? String, statuses.contains(status), delivery["attempts"] as? Int ?? 0 >= attempts
            {
                return delivery
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("the webhook of task \(taskID) never reached \(statuses): \(try await webhookLog(taskID, token: token))")
        return [:]
    }
}
