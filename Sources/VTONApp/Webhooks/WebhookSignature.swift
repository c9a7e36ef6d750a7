import Crypto
import Foundation
import VTONDomain

/// The `webhook-signature` header value of one message (Standard Webhooks, `StandardWebhook`).
enum WebhookSignature {
    struct BadSecret: Error, CustomStringConvertible {
        var description: String { "the webhook secret is not of the form whsec_<base64>" }
    }

    static func sign(id: String, timestamp: Int, body: String, secret: String) throws -> String {
        guard let encoded = StandardWebhook.encodedKey(ofSecret: secret), let key = Data(base64Encoded: String(encoded)) else {
            throw BadSecret()
        }
        let content = StandardWebhook.signedContent(id: id, timestamp: timestamp, body: body)
        let mac = HMAC<SHA256>.authenticationCode(for: Data(content.utf8), using: SymmetricKey(data: key))
        return "\(StandardWebhook.signatureVersion)," + Data(mac).base64EncodedString()
    }
}
