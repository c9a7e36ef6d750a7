import Crypto
import Foundation
import VTONDomain

/// Makes users' webhook secrets and keeps them sealed at rest. A secret must be read back to
/// sign (unlike an API key, which is kept as a hash), so the database holds it encrypted with
/// AES-GCM under a key derived from the server's JWT secret: a copy of the database alone does
/// not reveal it. Changing `VTON_JWT_SECRET` makes stored secrets unreadable; users rotate them.
struct WebhookSecretBox: Sendable {
    private let key: SymmetricKey

    init(serverSecret: String) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(serverSecret.utf8)), info: Data("vton-lab webhook secrets v1".utf8), outputByteCount: 32)
    }

    /// A new `whsec_…` secret: 32 random bytes, base64 (the Standard Webhooks form).
    static func newSecret() -> String {
        StandardWebhook.secretPrefix + SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    func seal(_ secret: String) throws -> String {
        guard let combined = try AES.GCM.seal(Data(secret.utf8), using: key).combined else { throw Unreadable() }
        return combined.base64EncodedString()
    }

    func open(_ sealed: String) throws -> String {
        guard let combined = Data(base64Encoded: sealed) else { throw Unreadable() }
        return String(decoding: try AES.GCM.open(try AES.GCM.SealedBox(combined: combined), using: key), as: UTF8.self)
    }

    struct Unreadable: Error, CustomStringConvertible {
        var description: String { "a sealed webhook secret could not be read (was VTON_JWT_SECRET changed?)" }
    }
}
