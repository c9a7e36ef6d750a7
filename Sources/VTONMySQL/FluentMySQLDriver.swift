@preconcurrency import AsyncKit
import FluentKit
import Logging
import NIOCore
import NIOPosix

extension DatabaseConfigurationFactory {
    /// A pool of at most `maxConnectionsPerEventLoop` connections per event loop, whose
    /// blocking calls run on a thread pool of as many threads as the pool has connections.
    public static func mysql(
        configuration: MySQLConfiguration, maxConnectionsPerEventLoop: Int = 8, connectionPoolTimeout: TimeAmount = .seconds(30)
    ) -> DatabaseConfigurationFactory {
        DatabaseConfigurationFactory {
            FluentMySQLConfiguration(
                configuration: configuration, maxConnectionsPerEventLoop: maxConnectionsPerEventLoop, connectionPoolTimeout: connectionPoolTimeout,
                middleware: [])
        }
    }
}

struct FluentMySQLConfiguration: DatabaseConfiguration {
    let configuration: MySQLConfiguration
    let maxConnectionsPerEventLoop: Int
    let connectionPoolTimeout: TimeAmount
    var middleware: [any AnyModelMiddleware]

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        // A thread for every connection the pool may open: a call waiting for a lock (a row, a
        // named lock) holds its thread, and the transaction holding that lock needs one to commit.
        let loops = databases.eventLoopGroup.makeIterator().reduce(0) { count, _ in count + 1 }
        let threadPool = NIOThreadPool(numberOfThreads: maxConnectionsPerEventLoop * loops)
        threadPool.start()
        let pool = EventLoopGroupConnectionPool(
            source: MySQLConnectionSource(configuration: configuration, threadPool: threadPool),
            maxConnectionsPerEventLoop: maxConnectionsPerEventLoop, requestTimeout: connectionPoolTimeout, pruneInterval: nil,
            on: databases.eventLoopGroup)
        return FluentMySQLDriver(pool: pool, threadPool: threadPool)
    }
}

struct FluentMySQLDriver: DatabaseDriver {
    let pool: EventLoopGroupConnectionPool<MySQLConnectionSource>
    let threadPool: NIOThreadPool

    func makeDatabase(with context: DatabaseContext) -> any Database {
        FluentMySQLDatabase(
            sql: MySQLDatabase(source: .pool(pool), logger: context.logger, eventLoop: context.eventLoop, queryLogLevel: .debug),
            context: context, inTransaction: false)
    }

    func shutdown() {
        try? pool.syncShutdownGracefully()
        try? threadPool.syncShutdownGracefully()
    }

    func shutdownAsync() async {
        try? await pool.shutdownAsync()
        try? await threadPool.shutdownGracefully()
    }
}

extension MySQLError: DatabaseError {}

extension DatabaseID {
    public static var mysql: DatabaseID { DatabaseID(string: "mysql") }
}
