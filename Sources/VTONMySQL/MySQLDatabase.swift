@preconcurrency import AsyncKit
import Logging
import NIOCore
import SQLKit

/// SQLKit's database over the pool, or over one connection (a transaction or a session).
public struct MySQLDatabase: SQLDatabase {
    enum Source: Sendable {
        case pool(EventLoopGroupConnectionPool<MySQLConnectionSource>)
        case connection(MySQLConnection)
    }

    let source: Source
    public let logger: Logger
    public let eventLoop: any EventLoop
    public let queryLogLevel: Logger.Level?
    public var dialect: any SQLDialect { MySQLDialect() }

    public func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    public func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let result = try await run(query)
        for cells in result.rows { onRow(MySQLRow(columns: result.columns, cells: cells)) }
    }

    /// Runs a statement and answers its rows and counts.
    public func run(_ query: any SQLExpression) async throws -> MySQLResult {
        try await withConnection { connection in
            let adjusted = try await MySQLSchemaAdjustment.adjust(query, on: self.pinned(to: connection))
            let (sql, binds) = self.serialize(adjusted)
            if let level = self.queryLogLevel { self.logger.log(level: level, "\(sql) \(binds)") }
            return try await connection.query(sql, try binds.map { try MySQLValueEncoding.value(of: $0) })
        }
    }

    public func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await withConnection { UncheckedBox(try await closure(self.pinned(to: $0))) }.value
    }

    /// Runs `body` with one connection: the one this database is pinned to, or one from the pool.
    public func withConnection<R: Sendable>(_ body: @escaping @Sendable (MySQLConnection) async throws -> R) async throws -> R {
        switch source {
        case .connection(let connection):
            return try await body(connection)
        case .pool(let pool):
            return try await pool.withConnection(logger: logger, on: eventLoop) { connection in
                connection.eventLoop.makeFutureWithTask { try await body(connection) }
            }.get()
        }
    }

    func pinned(to connection: MySQLConnection) -> MySQLDatabase {
        MySQLDatabase(source: .connection(connection), logger: logger, eventLoop: eventLoop, queryLogLevel: queryLogLevel)
    }
}
