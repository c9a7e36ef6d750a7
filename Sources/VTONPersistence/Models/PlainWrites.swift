import FluentKit
import FluentSQLiteDriver
import Foundation
import SQLKit
import VTONDomain

/// Writes of the rows every task touches (the task, an event per state, a ledger row per
/// credit move) as plain SQL: Fluent finds a model's fields by reflection on every create and
/// update, which cost a fifth of a `POST /generate`. The column names are the models' keys.
typealias PlainRow = [(column: String, value: any Encodable & Sendable)]

extension SQLDatabase {
    /// Rows with the same columns in as few INSERTs as the bound-parameter limits of SQLite
    /// and PostgreSQL allow; answers the `returning` columns of every row.
    @discardableResult
    func insert(rows: [PlainRow], into table: String, returning: [String] = []) async throws -> [RowColumns] {
        guard let columns = rows.first?.map(\.column) else { return [] }
        var returned: [RowColumns] = []
        let perStatement = max(1, 30_000 / columns.count)
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            let chunk = rows[start..<min(start + perStatement, rows.count)]
            if let sqlite = self as? any SQLiteDatabase {
                returned += try await sqlite.insert(chunk, columns: columns, into: table, returning: returning).map { RowColumns($0) }
                continue
            }
            var insert = self.insert(into: table).columns(columns)
            for row in chunk { insert = insert.values(row.map { SQLBind($0.value) }) }
            if returning.isEmpty {
                try await insert.run()
            } else {
                returned += try await insert.returning(returning.map { SQLColumn($0) }).all().map { RowColumns($0) }
            }
        }
        return returned
    }
}

extension SQLiteDatabase {
    /// The statement's text and values made here: SQLKit's serialiser and its encoder, which
    /// casts and encodes every value through `Encodable`, were a tenth of a POST, spent while
    /// every other POST waited for the one writer.
    fileprivate func insert(_ rows: ArraySlice<PlainRow>, columns: [String], into table: String, returning: [String]) async throws -> [SQLiteRow] {
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        var sql = "INSERT INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ",") + ") VALUES "
        sql += Array(repeating: placeholders, count: rows.count).joined(separator: ",")
        if !returning.isEmpty { sql += " RETURNING " + returning.map { "\"\($0)\"" }.joined(separator: ",") }
        var binds: [SQLiteData] = []
        binds.reserveCapacity(rows.count * columns.count)
        let fallback = SQLiteDataEncoder()
        for row in rows {
            for (_, value) in row { binds.append(try SQLiteValue.of(value) ?? fallback.encode(value)) }
        }
        return try await query(sql, binds)
    }
}

/// The types plain rows hold, stored as SQLiteKit's encoder stores them (UUIDs as their text,
/// dates as seconds since 1970), so that either path reads what the other wrote.
private enum SQLiteValue {
    static func of(_ value: any Encodable & Sendable) -> SQLiteData? {
        switch value {
        case let text as String: .text(text)
        case let number as Int: .integer(number)
        case let uuid as UUID: .text(uuid.uuidString)
        case let date as Date: .float(date.timeIntervalSince1970)
        case let flag as Bool: .integer(flag ? 1 : 0)
        case let number as Double: .float(number)
        case let optional as any OptionalValue where optional.isNone: .null
        default: nil
        }
    }
}

private protocol OptionalValue {
    var isNone: Bool { get }
}

extension Optional: OptionalValue {
    fileprivate var isNone: Bool { self == nil }
}

extension TaskModel {
    static func insert(_ tasks: [ImageTask], on database: any Database) async throws {
        let rows = tasks.map { task in [("id", task.id), ("user_id", task.userID), ("created_at", task.createdAt)] + changeable(task) }
        try await (database as! any SQLDatabase).insert(rows: rows, into: schema)
    }

    /// Writes every field a task's life can change; the lease goes with any state but `running`.
    static func update(_ task: ImageTask, on database: any Database) async throws {
        var update = (database as! any SQLDatabase).update(schema)
        for (column, value) in changeable(task) { update = update.set(SQLIdentifier(column), to: SQLBind(value)) }
        if task.status != .running {
            update = update.set(SQLIdentifier("lease_owner"), to: SQLLiteral.null).set(SQLIdentifier("lease_expires_at"), to: SQLLiteral.null)
        }
        try await update.where("id", .equal, SQLBind(task.id)).run()
    }

    /// Straight from the task: going through a `TaskModel` built a property wrapper per column
    /// for every task of every POST.
    private static func changeable(_ task: ImageTask) -> PlainRow {
        [
            ("status", task.status.rawValue), ("task_type", task.type.rawValue), ("prompt", task.prompt), ("aspect_ratio", task.aspectRatio),
            ("provider_aspect_ratio", task.providerAspectRatio), ("resolution", task.resolution.rawValue),
            ("priority", task.priority.rawValue), ("tryon_category", task.tryOnCategory?.rawValue), ("model", task.model),
            ("reference_file_ids", task.referenceFileIDs.map(\.uuidString).joined(separator: ",")),
            ("result_json", resultText(task.result)), ("error_code", task.failure?.code.rawValue),
            ("error_message", task.failure?.message), ("attempts", task.attempts), ("batch_id", task.batchID),
            ("batch_index", task.batchIndex), ("idempotency_key", task.idempotencyKey), ("deadline_at", task.deadlineAt),
            ("cost_micro_usd", task.costMicroUSD), ("credits_held", task.creditsHeld), ("credit_state", task.creditState.rawValue),
            ("started_at", task.startedAt), ("finished_at", task.finishedAt),
            ("provider_cost_micro_usd", task.providerCharge?.costMicroUSD), ("provider_charge_json", TaskModel.chargeText(task.providerCharge)),
        ]
    }
}

extension TaskEventModel {
    /// The events recording each task's state as it is now, in the order of `tasks`.
    static func insert(snapshotsOf tasks: [ImageTask], on database: any Database) async throws -> [TaskEvent] {
        let createdAt = Date()
        let rows: [PlainRow] = tasks.map { task in
            [
                ("task_id", task.id), ("user_id", task.userID), ("status", task.status.rawValue),
                ("result_json", TaskModel.resultText(task.result)), ("error_code", task.failure?.code.rawValue),
                ("error_message", task.failure?.message), ("finished_at", task.finishedAt), ("created_at", createdAt),
            ]
        }
        // RETURNING promises no order, so each id is matched to its task by the task's id.
        let returned = try await (database as! any SQLDatabase).insert(rows: rows, into: schema, returning: ["id", "task_id"])
        let ids = Dictionary(
            try returned.map { (try $0.value("task_id", as: UUID.self), try $0.value("id", as: Int.self)) }, uniquingKeysWith: max)
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
        guard let id = try returned.first?.value("id", as: Int.self) else { throw PlainInsertError.noID(schema) }
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
