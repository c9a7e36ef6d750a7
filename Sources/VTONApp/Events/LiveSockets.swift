import Foundation
import NIOWebSocket
import Synchronization

/// The open WebSockets of each user: where their messages go and when each last heard from
/// its client. One sweep for all sockets sends the heartbeats and closes the silent ones (a task
/// and a timer per socket cost memory for every idle tab), and revoking a user's sessions
/// (password change, reset, deactivation) closes the sockets their old tokens opened.
public final class LiveSockets: Sendable {
    enum Outgoing: Sendable {
        case text(String)
        case close(WebSocketErrorCode, reason: String)
    }

    final class Socket: Sendable {
        let outbox: AsyncStream<Outgoing>.Continuation
        private let lastHeard = Mutex(ContinuousClock.now)

        init(outbox: AsyncStream<Outgoing>.Continuation) { self.outbox = outbox }

        func touch() { lastHeard.withLock { $0 = .now } }
        var silence: Duration { ContinuousClock.now - lastHeard.withLock { $0 } }
    }

    private let sockets = Mutex<[UUID: [ObjectIdentifier: Socket]]>([:])

    public init() {}

    /// A new socket of the user and the messages to write to it, in order. Past 4,096 unsent
    /// messages (a client that stopped reading) the oldest are dropped; `resume` recovers them.
    func register(userID: UUID) -> (Socket, AsyncStream<Outgoing>) {
        let (messages, outbox) = AsyncStream.makeStream(of: Outgoing.self, bufferingPolicy: .bufferingNewest(4096))
        let socket = Socket(outbox: outbox)
        sockets.withLock { $0[userID, default: [:]][ObjectIdentifier(socket)] = socket }
        return (socket, messages)
    }

    /// Sockets open on this instance, for `/metrics`.
    var count: Int { sockets.withLock { $0.values.reduce(0) { $0 + $1.count } } }

    func unregister(userID: UUID, socket: Socket) {
        sockets.withLock { all in
            all[userID]?[ObjectIdentifier(socket)] = nil
            if all[userID]?.isEmpty == true { all[userID] = nil }
        }
        socket.outbox.finish()
    }

    func revoke(userID: UUID) {
        let revoked = sockets.withLock { $0.removeValue(forKey: userID) ?? [:] }
        for socket in revoked.values {
            socket.outbox.yield(.close(.unknown(4001), reason: "session revoked; sign in again"))
            socket.outbox.finish()
        }
    }

    /// Every socket gets the heartbeat, except those silent for longer than `idleTimeout`,
    /// which are closed.
    func sweep(heartbeat: String, idleTimeout: Duration) {
        let all = sockets.withLock { $0.values.flatMap(\.values) }
        for socket in all {
            if socket.silence > idleTimeout {
                socket.outbox.yield(.close(.goingAway, reason: "no message for \(idleTimeout)"))
            } else {
                socket.outbox.yield(.text(heartbeat))
            }
        }
    }
}
