@preconcurrency import AsyncKit
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A pooled connection: its blocking session runs on the driver's thread pool, one call at a
/// time, so the event loops never wait for the server.
public final class MySQLConnection: ConnectionPoolItem, @unchecked Sendable {
    public let eventLoop: any EventLoop
    private let threadPool: NIOThreadPool
    // Touched only by the one thread-pool call running at a time, or once closed.
    private let session: MySQLSession
    private let state = NIOLockedValueBox(false)

    public var isClosed: Bool { state.withLockedValue { $0 } }

    static func connect(
        _ configuration: MySQLConfiguration, threadPool: NIOThreadPool, on eventLoop: any EventLoop
    ) async throws
        -> MySQLConnection
    {
        let session = try await threadPool.runIfActive { try UncheckedBox(MySQLSession(configuration)) }.value
        return MySQLConnection(session: session, threadPool: threadPool, eventLoop: eventLoop)
    }

    private init(session: MySQLSession, threadPool: NIOThreadPool, eventLoop: any EventLoop) {
        self.session = session
        self.threadPool = threadPool
        self.eventLoop = eventLoop
    }

    public func query(_ sql: String, _ binds: [MySQLValue]) async throws -> MySQLResult {
        try await run { try $0.query(sql, binds) }
    }

    public func simple(_ sql: String) async throws {
        try await run { try $0.simple(sql) }
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable (MySQLSession) throws -> T) async throws -> T {
        guard !isClosed else { throw MySQLError.closed }
        let session = UncheckedBox(session)
        do {
            return try await threadPool.runIfActive { try body(session.value) }
        } catch let error as MySQLError where error.isConnectionClosed {
            // A lost connection leaves the pool; the next request gets a new one.
            _ = close()
            throw error
        }
    }

    public func close() -> EventLoopFuture<Void> {
        let wasClosed = state.withLockedValue { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return eventLoop.makeSucceededVoidFuture() }
        let session = UncheckedBox(session)
        let promise = eventLoop.makePromise(of: Void.self)
        promise.completeWithTask { _ = try? await self.threadPool.runIfActive { session.value.close() } }
        return promise.futureResult
    }
}

/// Hands a value that is used by one thread at a time across a concurrency boundary.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Makes the pool's connections.
struct MySQLConnectionSource: ConnectionPoolSource {
    let configuration: MySQLConfiguration
    let threadPool: NIOThreadPool

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<MySQLConnection> {
        let promise = eventLoop.makePromise(of: MySQLConnection.self)
        promise.completeWithTask { [configuration, threadPool] in
            try await MySQLConnection.connect(configuration, threadPool: threadPool, on: eventLoop)
        }
        return promise.futureResult
    }
}
