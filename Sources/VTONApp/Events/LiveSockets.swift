import Foundation
import Synchronization

/// The open WebSockets of each user, so revoking a user's sessions (password change, reset,
/// deactivation) also closes the sockets their old tokens opened.
public final class LiveSockets: Sendable {
    private let sockets = Mutex<[UUID: [UUID: AsyncStream<Void>.Continuation]]>([:])

    public init() {}

    /// A stream that yields once when the user's sessions are revoked.
    func register(userID: UUID) -> (id: UUID, revoked: AsyncStream<Void>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
        sockets.withLock { $0[userID, default: [:]][id] = continuation }
        return (id, stream)
    }

    func unregister(userID: UUID, id: UUID) {
        sockets.withLock { all in
            all[userID]?[id] = nil
            if all[userID]?.isEmpty == true { all[userID] = nil }
        }
    }

    func revoke(userID: UUID) {
        let revoked = sockets.withLock { $0.removeValue(forKey: userID) ?? [:] }
        for continuation in revoked.values {
            continuation.yield()
            continuation.finish()
        }
    }
}
