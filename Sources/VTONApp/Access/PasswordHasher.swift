import HummingbirdBcrypt
import NIOPosix

/// bcrypt on the thread pool: a hash takes tens of milliseconds and must not stall an event loop.
public struct PasswordHasher: Sendable {
    let cost: UInt8

    public init(cost: UInt8 = 10) { self.cost = cost }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
