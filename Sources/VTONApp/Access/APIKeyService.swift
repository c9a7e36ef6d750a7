import Crypto
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
        guard try await keys.list(userID: owner.user.id).count < Self.maxKeysPerUser else {
            throw APIError(.conflict, code: "TOO_MANY_KEYS", "at most \(Self.maxKeysPerUser) API keys per user; revoke one first")
        }
        let prefix = Self.randomToken(bytes: 6)
        let secret = "\(APIKey.marker)\(prefix)_\(Self.randomToken(bytes: 24))"
        let key = APIKey(userID: owner.user.id, name: trimmed, prefix: prefix, secretHash: Self.digest(secret), permissions: permissions)
        try await keys.create(key)
        return Issued(key: key, secret: secret)
    }

    /// The key a secret belongs to, or nil; records its use.
    func verify(_ secret: String) async throws -> APIKey? {
        let parts = secret.dropFirst(APIKey.marker.count).split(separator: "_", maxSplits: 1)
        guard parts.count == 2, let key = try await keys.find(prefix: String(parts[0])) else { return nil }
        guard Self.constantTimeEqual(Self.digest(secret), key.secretHash) else { return nil }
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
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private static func randomToken(bytes: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        // 62 symbols: about 5.95 bits each, so `bytes * 8 / 5.95` symbols keep the entropy.
        return String((0..<(bytes * 8 * 100 / 595 + 1)).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
