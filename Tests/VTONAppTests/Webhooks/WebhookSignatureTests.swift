import Foundation
import Testing

@testable import VTONApp

/// The signature against the Standard Webhooks reference test vector, and secrets at rest.
struct WebhookSignatureTests {
    @Test func theReferenceVectorSignsAsTheSpecSays() throws {
        let signature = try WebhookSignature.sign(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: #"{"test": 2432232314}"#,
            secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        #expect(throws: WebhookSignature.BadSecret.self) { try WebhookSignature.sign(id: "m", timestamp: 1, body: "", secret: "not-a-secret") }
    }

    @Test func aSealedSecretOpensOnlyUnderTheSameServerSecret() throws {
        let secret = WebhookSecretBox.newSecret()
        #expect(secret.hasPrefix("whsec_"))
        #expect(Data(base64Encoded: String(secret.dropFirst(6)))?.count == 32)
        let box = WebhookSecretBox(serverSecret: String(repeating: "s", count: 32))
        let sealed = try box.seal(secret)
        #expect(!sealed.contains(secret.dropFirst(6)))
        #expect(try box.open(sealed) == secret)
        #expect(throws: (any Error).self) { try WebhookSecretBox(serverSecret: String(repeating: "t", count: 32)).open(sealed) }
    }
}
