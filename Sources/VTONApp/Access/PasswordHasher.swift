import CArgon2
import HummingbirdBcrypt
import NIOPosix

/// bcrypt on the thread pool: a hash takes tens of milliseconds and must not stall an event loop.
/// Argon2 hashes (`$argon2id$…`, as passlib writes them) of accounts imported from the system
/// this one replaces are verified too, and replaced by bcrypt at their first login.
public struct PasswordHasher: Sendable {
    let cost: UInt8

    public init(cost: UInt8 = 10) { self.cost = cost }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        if let variant = Self.argon2Variant(of: hash) {
            let bytes = Array(password.utf8)
            return try await NIOThreadPool.singleton.runIfActive { argon2_verify(hash, bytes, bytes.count, variant) == ARGON2_OK.rawValue }
        }
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Whether a hash is another scheme's, to be replaced by bcrypt once its password is known.
    public func isForeign(_ hash: String) -> Bool { Self.argon2Variant(of: hash) != nil }

    private static func argon2Variant(of hash: String) -> argon2_type? {
        if hash.hasPrefix("$argon2id$") { return Argon2_id }
        if hash.hasPrefix("$argon2i$") { return Argon2_i }
        if hash.hasPrefix("$argon2d$") { return Argon2_d }
        return nil
    }
}
