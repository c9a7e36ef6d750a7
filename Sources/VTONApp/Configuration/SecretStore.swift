import Crypto
import Foundation

/// In development without `VTON_JWT_SECRET`, a random secret is made once and kept in the
/// data directory, so tokens survive restarts.
enum SecretStore {
    static func jwtSecret(configured: String?, dataDirectory: String) throws -> String {
        if let configured { return configured }
        let path = URL(fileURLWithPath: dataDirectory).appendingPathComponent("jwt-secret")
        if let existing = try? String(contentsOf: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), existing.count >= 32 {
            return existing
        }
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { CryptoText.hex($0) }
        try secret.write(to: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path.path)
        return secret
    }
}
