import FluentSQLiteDriver
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Read connections of their own for an SQLite file, which WAL lets read while the one writer
/// writes, used straight from SQLiteNIO: a query runs on the thread pool and resumes its caller
/// from there. Through Fluent's pool each query finished on an event loop, which was handed
/// every row as a task of its own: two more thread hops and a task per row of every list.
///
/// Opened on first use, up to `limit`; a caller waits for a free one when all are busy.
final class SQLiteReadConnections: Sendable {
    fileprivate struct State {
        var idle: [SQLiteConnection] = []
        var unopened: Int
        var waiting: [CheckedContinuation<SQLiteConnection, Never>] = []
        /// Connections out of the pool (reading, or being opened).
        var busy = 0
        /// `close()` waiting for the busy connections to come back and be closed.
        var drained: [CheckedContinuation<Void, Never>] = []
        var closed = false
    }

    private let path: String
    private let threadPool: NIOThreadPool
    private let eventLoop: any EventLoop
    private let logger: Logger
    private let state: Mutex<State>

    init(path: String, limit: Int, threadPool: NIOThreadPool, eventLoop: any EventLoop, logger: Logger) {
        self.path = path
        self.threadPool = threadPool
        self.eventLoop = eventLoop
        self.logger = logger
        state = Mutex(State(unopened: limit))
    }

    func query(_ sql: String, _ binds: [SQLiteData]) async throws -> [SQLiteRow] {
        let connection = try await lease()
        do {
            let rows = try await connection.query(sql, binds)
            await release(connection)
            return rows
        } catch {
            await release(connection)
            throw error
        }
    }

    private enum Lease {
        case ready(SQLiteConnection)
        case open
        case wait
    }

    private func lease() async throws -> SQLiteConnection {
        let lease = try state.withLock { state -> Lease in
            guard !state.closed else { throw DatabaseConnection.Closed() }
            if let connection = state.idle.popLast() {
                state.busy += 1
                return .ready(connection)
            }
            if state.unopened > 0 {
                state.unopened -= 1
                state.busy += 1
                return .open
            }
            return .wait
        }
        switch lease {
        case .ready(let connection):
            return connection
        case .open:
            do {
                return try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger, on: eventLoop)
            } catch {
                let drained = state.withLock { state in
                    state.unopened += 1
                    return state.returned()
                }
                for waiter in drained { waiter.resume() }
                throw error
            }
        case .wait:
            return await withCheckedContinuation { waiter in
                let free = state.withLock { state -> SQLiteConnection? in
                    if let connection = state.idle.popLast() {
                        state.busy += 1
                        return connection
                    }
                    state.waiting.append(waiter)
                    return nil
                }
                if let free { waiter.resume(returning: free) }
            }
        }
    }

    private enum Release {
        case handOver(CheckedContinuation<SQLiteConnection, Never>)
        case keep
        case close
    }

    private func release(_ connection: SQLiteConnection) async {
        let release = state.withLock { state -> Release in
            if !state.waiting.isEmpty { return .handOver(state.waiting.removeFirst()) }
            if state.closed { return .close }
            state.idle.append(connection)
            _ = state.returned()
            return .keep
        }
        switch release {
        case .handOver(let waiter): waiter.resume(returning: connection)
        case .keep: break
        // A read that finished after shutdown began: its connection is closed now, while the
        // thread pool that closes it still runs (`close()` waits for this).
        case .close:
            try? await connection.close()
            for waiter in state.withLock({ $0.returned() }) { waiter.resume() }
        }
    }

    /// Closes the idle connections, then waits for each busy one to end its read and be
    /// closed; called at shutdown, before the thread pool stops.
    func close() async {
        let idle = state.withLock { state in
            state.closed = true
            defer { state.idle.removeAll() }
            return state.idle
        }
        for connection in idle { try? await connection.close() }
        await withCheckedContinuation { waiter in
            let done = state.withLock { state in
                if state.busy == 0 { return true }
                state.drained.append(waiter)
                return false
            }
            if done { waiter.resume() }
        }
    }
}

extension SQLiteReadConnections.State {
    /// One connection came back; the waiters of `close()` once none is out.
    fileprivate mutating func returned() -> [CheckedContinuation<Void, Never>] {
        busy -= 1
        guard busy == 0, closed else { return [] }
        defer { drained.removeAll() }
        return drained
    }
}
