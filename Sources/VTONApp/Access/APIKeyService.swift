import Foundation
import Synchronization
import VTONDomain
import VTONPersistence

/// Issues and checks API keys: `vtk_<prefix>_<secret>`, kept only as a SHA-256 of the whole
/// key (it is long and random, so a slow hash adds nothing), compared in constant time.
public final class APIKeyService: Sendable {
    let keys: any APIKeyRepository
    /// When each key's last use was written, so busy keys cost one write a minute, not one per request.
    private let recordedUse = Mutex<[UUID: Date]>([:])
    static let useRecordInterval: TimeInterval = 60
    static let maxKeysPerUser = 50

    init(keys: any APIKeyRepository) { self.keys = keys }

    struct Issued {
        let key: APIKey
        let secret: String
    }

    func issue(owner: Identity, name: String, permissions requested: [String]?) async throws -> Issued {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 100 else {
            throw APIError.validation(ValidationError(field: "name", "must be 1–100 characters"))
        }
        var permissions = owner.permissions
        if let requested {
            let chosen: [Permission]
            do { chosen = try Permission.parse(requested) } catch { throw APIError.validation(error) }
            if let index = chosen.firstIndex(where: { !owner.permissions.contains($0) }) {
                throw APIError.validation(ValidationError(field: "permissions[\(index)]", "you do not hold \"\(chosen[index].rawValue)\" yourself"))
            }
            permissions = Set(chosen)
        }
        let prefix = CryptoText.random(length: 9, alphabet: Self.alphabet)
        let secret = "\(APIKey.marker)\(prefix)_\(CryptoText.random(length: 33, alphabet: Self.alphabet))"
        let key = APIKey(userID: owner.user.id, name: trimmed, prefix: prefix, secretHash: Self.digest(secret), permissions: permissions)
        do { try await keys.create(key, limit: Self.maxKeysPerUser) } catch is TooManyAPIKeys {
            throw APIError(.conflict, code: "TOO_MANY_KEYS", "at most \(Self.maxKeysPerUser) API keys per user; revoke one first")
        }
        return Issued(key: key, secret: secret)
    }

    /// The key a secret belongs to, or nil; records its use.
    func verify(_ secret: String) async throws -> APIKey? {
        let parts = secret.dropFirst(APIKey.marker.count).split(separator: "_", maxSplits: 1)
        guard parts.count == 2, let key = try await keys.find(prefix: String(parts[0])) else { return nil }
        guard CryptoText.constantTimeEqual(Self.digest(secret), key.secretHash) else { return nil }
        let now = Date()
        let due = recordedUse.withLock { recorded in
            guard now.timeIntervalSince(recorded[key.id] ?? .distantPast) >= Self.useRecordInterval else { return false }
            recorded[key.id] = now
            return true
        }
        if due { try await keys.recordUse(id: key.id, at: now) }
        return key
    }

    static func digest(_ secret: String) -> String {
        CryptoText.sha256Hex(Data(secret.utf8))
    }

    /// No `_`, which separates prefix and secret. 62 symbols carry 5.95 bits each: the prefix
    /// (9) has 53 bits, the secret (33) 196.
    private static let alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
}
