import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// A webhook receiver on loopback, as an API user would run one: it verifies each message's
/// Standard Webhooks signature with a secret it is given (written here from the spec, not
/// with the server's code), and answers the statuses a test scripts (then 204).
struct WebhookReceiver {
    struct Message: Sendable {
        let id: String
        let timestamp: Int
        let signature: String
        let body: String
        let receivedAt: Date

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
        var taskID: String? { (json["data"] as? [String: Any])?["task_id"] as? String }

        /// True when the signature header holds a `v1` HMAC-SHA256 of `id.timestamp.body` under `secret`.
        func isSigned(with secret: String) -> Bool {
            guard secret.hasPrefix("whsec_"), let key = Data(base64Encoded: String(secret.dropFirst(6))) else { return false }
            let mac = HMAC<SHA256>.authenticationCode(for: Data("\(id).\(timestamp).\(body)".utf8), using: SymmetricKey(data: key))
            let expected = "v1," + Data(mac).base64EncodedString()
            return signature.split(separator: " ").contains { $0 == expected }
        }
    }

    final class Inbox: Sendable {
        let messages = Mutex<[Message]>([])
    }

    let port: Int
    let inbox: Inbox

    var url: String { "http://127.0.0.1:\(port)/hook" }
    var messages: [Message] { inbox.messages.withLock { $0 } }

    /// `answers` are the statuses of the first requests, in order; later ones get 204.
    static func run(answers: [Int] = [], _ body: @Sendable (WebhookReceiver) async throws -> Void) async throws {
        let inbox = Inbox()
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let text = String(buffer: try await request.body.collect(upTo: 4 * 1024 * 1024))
            let message = Message(
                id: request.headers[HTTPField.Name("webhook-id")!] ?? "",
                timestamp: Int(request.headers[HTTPField.Name("webhook-timestamp")!] ?? "") ?? 0,
                signature: request.headers[HTTPField.Name("webhook-signature")!] ?? "", body: text, receivedAt: Date())
            let index = inbox.messages.withLock { messages in
                messages.append(message)
                return messages.count - 1
            }
            return Response(status: .init(code: index < answers.count ? answers[index] : 204))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(WebhookReceiver(port: try #require(client.port), inbox: inbox))
        }
    }

    /// Waits until `count` messages arrived, or fails after `seconds`.
    func waitForMessages(_ count: Int, within seconds: Double = 20) async throws -> [Message] {
        let deadline = Date().addingTimeInterval(seconds)
        while messages.count < count, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(messages.count >= count, "\(messages.count) of \(count) webhook messages arrived within \(seconds) s")
        return messages
    }
}
