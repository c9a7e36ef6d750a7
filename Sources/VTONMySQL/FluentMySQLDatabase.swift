import FluentKit
import FluentSQL
import NIOCore
import SQLKit

/// Fluent's `Database` over `MySQLDatabase`: queries through FluentSQL's converters, a new
/// row's database-made id from the statement's last insert id.
struct FluentMySQLDatabase: Database, SQLDatabase {
    let sql: MySQLDatabase
    let context: DatabaseContext
    let inTransaction: Bool

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask {
            let expression = SQLQueryConverter(delegate: MySQLConverterDelegate()).convert(query)
            let result = try await sql.run(expression)
            if case .create = query.action, query.customIDKey != .string("") {
                onOutput(LastInsertRow(lastInsertID: result.lastInsertID, idKey: query.customIDKey ?? .id))
            } else {
                for cells in result.rows { onOutput(MySQLRowOutput(row: MySQLRow(columns: result.columns, cells: cells), schema: nil)) }
            }
        }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        execute(sql: SQLSchemaConverter(delegate: MySQLConverterDelegate()).convert(schema)) { _ in }
    }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { eventLoop.makeSucceededVoidFuture() }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        guard !inTransaction else { return closure(self) }
        let (sql, context) = (sql, context)
        return run {
            try await sql.withConnection { connection in
                let database = FluentMySQLDatabase(sql: sql.pinned(to: connection), context: context, inTransaction: true)
                try await connection.simple("START TRANSACTION")
                do {
                    let result = try await closure(database).get()
                    try await connection.simple("COMMIT")
                    return UncheckedBox(result)
                } catch {
                    try? await connection.simple("ROLLBACK")
                    throw error
                }
            }
        }
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        let (sql, context, inTransaction) = (sql, context, inTransaction)
        return run {
            try await sql.withConnection { connection in
                UncheckedBox(
                    try await closure(FluentMySQLDatabase(sql: sql.pinned(to: connection), context: context, inTransaction: inTransaction)).get())
            }
        }
    }

    /// A future of what `body` answers, whatever its type: Fluent's results need not be `Sendable`,
    /// and each is used by one task at a time.
    private func run<T>(_ body: @escaping @Sendable () async throws -> UncheckedBox<T>) -> EventLoopFuture<T> {
        let promise = eventLoop.makePromise(of: T.self)
        let box = UncheckedBox(promise)
        Task {
            do { box.value.succeed(try await body().value) } catch { box.value.fail(error) }
        }
        return promise.futureResult
    }

    var dialect: any SQLDialect { sql.dialect }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        sql.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await sql.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await sql.withSession(closure)
    }
}

/// The id the database gave a new row.
private struct LastInsertRow: DatabaseOutput {
    let lastInsertID: UInt64
    let idKey: FieldKey

    var description: String { "last insert id \(lastInsertID)" }
    func schema(_ schema: String) -> any DatabaseOutput { self }
    func contains(_ key: FieldKey) -> Bool { key == idKey }
    func decodeNil(_ key: FieldKey) throws -> Bool { false }
    func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T {
        switch type {
        case is Int.Type: return Int(lastInsertID) as! T
        case is Int64.Type: return Int64(lastInsertID) as! T
        case is UInt64.Type: return lastInsertID as! T
        default:
            throw DecodingError.typeMismatch(T.self, .init(codingPath: [], debugDescription: "\(T.self) is not a last insert id"))
        }
    }
}

/// A row as Fluent reads it, its columns prefixed with the schema's name in joins.
private struct MySQLRowOutput: DatabaseOutput {
    let row: MySQLRow
    let schema: String?

    var description: String { "\(row.allColumns)" }
    private func column(_ key: FieldKey) -> String { schema.map { "\($0)_\(key.description)" } ?? key.description }
    func schema(_ schema: String) -> any DatabaseOutput { MySQLRowOutput(row: row, schema: schema) }
    func contains(_ key: FieldKey) -> Bool { row.contains(column: column(key)) }
    func decodeNil(_ key: FieldKey) throws -> Bool { try row.decodeNil(column: column(key)) }
    func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T { try row.decode(column: column(key), as: T.self) }
}
