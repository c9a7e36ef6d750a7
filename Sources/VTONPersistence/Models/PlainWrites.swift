import FluentKit
import Foundation
import SQLKit
import VTONDomain

/// Writes of the rows every task touches (the task, an event per state, a ledger row per
/// credit move) as plain SQL: Fluent finds a model's fields by reflection on every create and
/// update, which cost a fifth of a `POST /generate`. The column names are the models' keys.
extension TaskModel {
    static func insert(_ task: ImageTask, on database: any Database) async throws {
        let values = [("id", task.id as any Encodable & Sendable), ("user_id", task.userID), ("created_at", task.createdAt)] + changeable(task)
        try await (database as! any SQLDatabase).insert(into: schema)
            .columns(values.map(\.0)).values(values.map { SQLBind($0.1) }).run()
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

    private static func changeable(_ task: ImageTask) -> [(String, any Encodable & Sendable)] {
        let row = TaskModel(task)
        return [
            ("status", row.status), ("task_type", row.taskType), ("prompt", row.prompt), ("aspect_ratio", row.aspectRatio),
            ("provider_aspect_ratio", row.providerAspectRatio), ("resolution", row.resolution), ("priority", row.priority),
            ("tryon_category", row.tryOnCategory), ("model", row.model), ("reference_file_ids", row.referenceFileIDs),
            ("result_json", row.resultJSON), ("error_code", row.errorCode), ("error_message", row.errorMessage), ("attempts", row.attempts),
            ("batch_id", row.batchID), ("batch_index", row.batchIndex), ("idempotency_key", row.idempotencyKey),
            ("deadline_at", row.deadlineAt), ("cost_micro_usd", row.costMicroUSD), ("credits_held", row.creditsHeld),
            ("credit_state", row.creditState), ("started_at", row.startedAt), ("finished_at", row.finishedAt),
        ]
    }
}

extension TaskEventModel {
    /// The event recording `task`'s state as it is now.
    static func insert(snapshotOf task: ImageTask, on database: any Database) async throws -> TaskEvent {
        let createdAt = Date()
        let values: [(String, any Encodable & Sendable)] = [
            ("task_id", task.id), ("user_id", task.userID), ("status", task.status.rawValue),
            ("result_json", TaskModel.resultText(task.result)), ("error_code", task.failure?.code.rawValue),
            ("error_message", task.failure?.message), ("finished_at", task.finishedAt), ("created_at", createdAt),
        ]
        let id = try await (database as! any SQLDatabase).insert(into: schema)
            .columns(values.map(\.0)).values(values.map { SQLBind($0.1) }).returning("id")
            .first(decodingColumn: "id", as: Int.self)
        guard let id else { throw PlainInsertError.noID(schema) }
        return TaskEvent(
            id: id, taskID: task.id, userID: task.userID, status: task.status, result: task.result, failure: task.failure,
            finishedAt: task.finishedAt, createdAt: createdAt)
    }
}

extension CreditLedgerModel {
    static func insert(_ entry: LedgerEntry, on database: any Database) async throws -> LedgerEntry {
        let values: [(String, any Encodable & Sendable)] = [
            ("user_id", entry.userID), ("kind", entry.kind.rawValue), ("delta", entry.delta), ("balance_after", entry.balanceAfter),
            ("task_id", entry.taskID), ("actor_id", entry.actorID), ("reason", entry.reason), ("created_at", entry.createdAt),
        ]
        let id = try await (database as! any SQLDatabase).insert(into: schema)
            .columns(values.map(\.0)).values(values.map { SQLBind($0.1) }).returning("id")
            .first(decodingColumn: "id", as: Int.self)
        guard let id else { throw PlainInsertError.noID(schema) }
        var stored = entry
        stored.id = id
        return stored
    }
}

enum PlainInsertError: Error {
    case noID(String)
}
