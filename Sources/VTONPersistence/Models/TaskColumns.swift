import FluentKit
import Foundation
import SQLKit
import Synchronization
import VTONDomain

/// The `tasks` table and the one mapping between its rows and `ImageTask`, both ways, so that
/// a new column is read and written here and nowhere else (`TaskColumnsTests` writes a task
/// with every field set and reads it back equal).
enum TaskColumns {
    static let table = "tasks"

    static func task(from row: any SQLRow) throws -> ImageTask {
        try task(from: RowColumns(row))
    }

    /// Reads the columns in the table's order (`SELECT *`), in which SQLite's rows find each
    /// with one comparison of its name.
    static func task(from row: RowColumns) throws -> ImageTask {
        func value<Value: ColumnValue>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
            try row.value(column, as: Value.self)
        }
        func optional<Value: ColumnValue>(_ column: String, as type: Value.Type = Value.self) throws -> Value? {
            try row.optional(column, as: Value.self)
        }
        let id: UUID = try value("id"), userID: UUID = try value("user_id"), status: String = try value("status")
        let type: String = try value("task_type"), prompt: String = try value("prompt"), aspectRatio: String = try value("aspect_ratio")
        let providerAspectRatio: String = try value("provider_aspect_ratio"), resolution: String = try value("resolution")
        let priority: String = try value("priority"), model: String = try value("model")
        let referenceFileIDs: String = try value("reference_file_ids"), result: String? = try optional("result_json")
        let errorCode: String? = try optional("error_code"), errorMessage: String? = try optional("error_message")
        let attempts: Int = try value("attempts"), batchID: UUID? = try optional("batch_id")
        let idempotencyKey: String? = try optional("idempotency_key"), costMicroUSD: Int = try value("cost_micro_usd")
        let createdAt: Date = try value("created_at"), startedAt: Date? = try optional("started_at")
        let finishedAt: Date? = try optional("finished_at"), batchIndex: Int? = try optional("batch_index")
        let tryOnCategory: String? = try optional("tryon_category"), deadlineAt: Date? = try optional("deadline_at")
        let creditsHeld: Int = try value("credits_held"), creditState: String = try value("credit_state")
        let providerCharge: String? = try optional("provider_charge_json"), favourite: Bool = try value("favourite")
        let variationGroupID: UUID? = try optional("variation_group_id"), variationIndex: Int? = try optional("variation_index")
        return ImageTask(
            id: id, userID: userID, status: TaskStatus(rawValue: status) ?? .failed, type: TaskType(rawValue: type) ?? .generate,
            prompt: prompt, aspectRatio: aspectRatio, providerAspectRatio: providerAspectRatio,
            resolution: ImageSize(rawValue: resolution) ?? .k1, priority: TaskPriority(rawValue: priority) ?? .realtime,
            tryOnCategory: tryOnCategory.flatMap(TryOnCategory.init(rawValue:)), model: model,
            referenceFileIDs: referenceFileIDs.split(separator: ",").compactMap { UUID(canonicalText: String($0)) },
            result: result.flatMap { decoded(TaskResult.self, from: $0) },
            failure: errorCode.map { TaskFailure(TaskErrorCode(rawValue: $0) ?? .internal, errorMessage ?? "") }, attempts: attempts,
            batchID: batchID, batchIndex: batchIndex, idempotencyKey: idempotencyKey, deadlineAt: deadlineAt, costMicroUSD: costMicroUSD,
            creditsHeld: creditsHeld, creditState: CreditState(rawValue: creditState) ?? .none, createdAt: createdAt,
            startedAt: startedAt, finishedAt: finishedAt, providerCharge: providerCharge.flatMap { decoded(ProviderCharge.self, from: $0) },
            favourite: favourite, variationGroupID: variationGroupID, variationIndex: variationIndex)
    }

    /// Every column a task's life can change; the rest (`id`, `user_id`, `created_at`) is written once.
    static func changeable(_ task: ImageTask) -> PlainRow {
        [
            ("status", task.status.rawValue), ("task_type", task.type.rawValue), ("prompt", task.prompt), ("aspect_ratio", task.aspectRatio),
            ("provider_aspect_ratio", task.providerAspectRatio), ("resolution", task.resolution.rawValue),
            ("priority", task.priority.rawValue), ("tryon_category", task.tryOnCategory?.rawValue), ("model", task.model),
            ("reference_file_ids", task.referenceFileIDs.map(\.uuidString).joined(separator: ",")),
            ("result_json", text(of: task.result)), ("error_code", task.failure?.code.rawValue),
            ("error_message", task.failure?.message), ("attempts", task.attempts), ("batch_id", task.batchID),
            ("batch_index", task.batchIndex), ("idempotency_key", task.idempotencyKey), ("deadline_at", task.deadlineAt),
            ("cost_micro_usd", task.costMicroUSD), ("credits_held", task.creditsHeld), ("credit_state", task.creditState.rawValue),
            ("started_at", task.startedAt), ("finished_at", task.finishedAt),
            ("provider_cost_micro_usd", task.providerCharge?.costMicroUSD), ("provider_charge_json", text(of: task.providerCharge)),
            ("favourite", task.favourite), ("variation_group_id", task.variationGroupID), ("variation_index", task.variationIndex),
        ]
    }

    static func insert(_ tasks: [ImageTask], on database: any Database) async throws {
        let rows = tasks.map { task in [("id", task.id), ("user_id", task.userID), ("created_at", task.createdAt)] + changeable(task) }
        try await (database as! any SQLDatabase).insert(rows: rows, into: table)
    }

    /// Writes every field a task's life can change; the lease goes with any state but `running`.
    static func update(_ task: ImageTask, on database: any Database) async throws {
        var update = (database as! any SQLDatabase).update(SchemaName(table))
        for (column, value) in changeable(task) { update = update.set(SchemaName(column), to: value.sqlExpression) }
        if task.status != .running {
            update = update.set(SchemaName("lease_owner"), to: SQLLiteral.null).set(SchemaName("lease_expires_at"), to: SQLLiteral.null)
        }
        try await update.where(SchemaName("id"), .equal, SQLBind(task.id)).run()
    }

    /// The JSON columns (a result, a provider charge) as their text.
    static func text(of value: (some Encodable)?) -> String? {
        value.flatMap { try? String(decoding: JSONEncoder().encode($0), as: UTF8.self) }
    }

    /// Lists show the same finished tasks again and again, and decoding their JSON columns
    /// was most of reading a row: each distinct text is decoded once (bench/README.md, issue 20).
    private static let decodedResults = DecodedText<TaskResult>(limit: 4096)
    private static let decodedCharges = DecodedText<ProviderCharge>(limit: 4096)

    static func decoded(_ type: TaskResult.Type, from text: String) -> TaskResult? { decodedResults.value(of: text) }
    static func decoded(_ type: ProviderCharge.Type, from text: String) -> ProviderCharge? { decodedCharges.value(of: text) }
}

/// JSON texts and what they decode to, bounded by starting over when full.
final class DecodedText<Value: Decodable & Sendable>: Sendable {
    private let values = Mutex<[String: Value]>([:])
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func value(of text: String) -> Value? {
        if let known = values.withLock({ $0[text] }) { return known }
        guard let value = try? JSONDecoder().decode(Value.self, from: Data(text.utf8)) else { return nil }
        values.withLock { values in
            if values.count >= limit { values.removeAll(keepingCapacity: true) }
            values[text] = value
        }
        return value
    }
}
