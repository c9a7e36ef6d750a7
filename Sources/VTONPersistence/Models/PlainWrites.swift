import FluentKit
import Foundation
import SQLKit
import VTONDomain

/// Writes of the rows every task touches (the task, an event per state, a ledger row per
/// credit move) as plain SQL: Fluent finds a model's fields by reflection on every create and
/// update. The column names are the tables'. A missing value is written as the literal NULL:
/// a bound nil costs SQLKit's encoders a dynamic cast and an allocation each, and a task's
/// row is mostly missing values when it is created.
typealias PlainRow = [(column: String, value: (any Encodable & Sendable)?)]

extension Optional where Wrapped == any Encodable & Sendable {
    /// The value bound, or NULL.
    var sqlExpression: any SQLExpression { map { SQLBind($0) } ?? SQLLiteral.null }
}

extension SQLDatabase {
    /// Rows with the same columns in as few INSERTs as the bound-parameter limits of SQLite
    /// and PostgreSQL allow; answers the `returning` columns of every row.
    @discardableResult
    func insert(rows: [PlainRow], into table: String, returning: [String] = []) async throws -> [any SQLRow] {
        guard let columns = rows.first?.map(\.column) else { return [] }
        var returned: [any SQLRow] = []
        let perStatement = max(1, 30_000 / columns.count)
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            var insert = self.insert(into: SchemaName(table)).columns(columns.map(SchemaName.init))
            for row in rows[start..<min(start + perStatement, rows.count)] { insert = insert.values(row.map(\.value.sqlExpression)) }
            if returning.isEmpty {
                try await insert.run()
            } else {
                returned += try await insert.returning(returning.map { SQLColumn(SchemaName($0)) }).all()
            }
        }
        return returned
    }
}

extension TaskEventModel {
    /// The events recording each task's state as it is now, in the order of `tasks`.
    static func insert(snapshotsOf tasks: [ImageTask], on database: any Database) async throws -> [TaskEvent] {
        let createdAt = Date()
        let rows: [PlainRow] = tasks.map { task in
            [
                ("task_id", task.id), ("user_id", task.userID), ("status", task.status.rawValue),
                ("result_json", TaskColumns.text(of: task.result)), ("error_code", task.failure?.code.rawValue),
                ("error_message", task.failure?.message), ("finished_at", task.finishedAt), ("created_at", createdAt),
            ]
        }
        // RETURNING promises no order, so each id is matched to its task by the task's id.
        let returned = try await (database as! any SQLDatabase).insert(rows: rows, into: schema, returning: ["id", "task_id"])
        let ids = Dictionary(
            try returned.map { (try $0.decode(column: "task_id", as: UUID.self), try $0.decode(column: "id", as: Int.self)) }, uniquingKeysWith: max)
        return try tasks.map { task in
            guard let id = ids[task.id] else { throw PlainInsertError.noID(schema) }
            return TaskEvent(
                id: id, taskID: task.id, userID: task.userID, status: task.status, result: task.result, failure: task.failure,
                finishedAt: task.finishedAt, createdAt: createdAt)
        }
    }
}

extension CreditLedgerModel {
    static func insert(_ entry: LedgerEntry, on database: any Database) async throws -> LedgerEntry {
        let returned = try await (database as! any SQLDatabase).insert(rows: [row(of: entry)], into: schema, returning: ["id"])
        guard let id = try returned.first?.decode(column: "id", as: Int.self) else { throw PlainInsertError.noID(schema) }
        var stored = entry
        stored.id = id
        return stored
    }

    static func insert(_ entries: [LedgerEntry], on database: any Database) async throws {
        try await (database as! any SQLDatabase).insert(rows: entries.map(row(of:)), into: schema)
    }

    private static func row(of entry: LedgerEntry) -> PlainRow {
        [
            ("user_id", entry.userID), ("kind", entry.kind.rawValue), ("delta", entry.delta), ("balance_after", entry.balanceAfter),
            ("task_id", entry.taskID), ("actor_id", entry.actorID), ("reason", entry.reason), ("created_at", entry.createdAt),
        ]
    }
}

enum PlainInsertError: Error {
    case noID(String)
}
