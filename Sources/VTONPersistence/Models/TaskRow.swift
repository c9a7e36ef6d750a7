import Foundation
import SQLKit
import Synchronization
import VTONDomain

/// A `tasks` row as plain values, and the one mapping from a row to an `ImageTask`. Hot reads
/// decode it straight from SQL: Fluent's models find their fields by reflection on every row,
/// which cost more than the query itself.
struct TaskRow {
    let id: UUID
    let userID: UUID
    let status: String
    let taskType: String
    let prompt: String
    let aspectRatio: String
    let providerAspectRatio: String
    let resolution: String
    let priority: String
    let tryOnCategory: String?
    let model: String
    let referenceFileIDs: String
    let resultJSON: String?
    let errorCode: String?
    let errorMessage: String?
    let attempts: Int
    let batchID: UUID?
    let batchIndex: Int?
    let idempotencyKey: String?
    let deadlineAt: Date?
    let costMicroUSD: Int
    let creditsHeld: Int
    let creditState: String
    let leaseOwner: String?
    let createdAt: Date
    let startedAt: Date?
    let finishedAt: Date?
    let providerChargeJSON: String?

    /// A result's text rarely changes once written, and lists show the same tasks again and
    /// again: decoding each text once spares most of the JSON parsing of a list. Found by the
    /// task's id and checked against the text (cheaper than hashing the text); bounded by
    /// starting over when full.
    private static let decodedResults = Mutex<[UUID: (text: String, result: TaskResult)]>([:])
    private static let decodedResultsLimit = 4096

    private static func result(of taskID: UUID, decoding text: String) -> TaskResult? {
        if let known = decodedResults.withLock({ $0[taskID] }), known.text == text { return known.result }
        guard let result = try? JSONDecoder().decode(TaskResult.self, from: Data(text.utf8)) else { return nil }
        decodedResults.withLock { cache in
            if cache.count >= decodedResultsLimit { cache.removeAll(keepingCapacity: true) }
            cache[taskID] = (text, result)
        }
        return result
    }

    var domain: ImageTask {
        ImageTask(
            id: id, userID: userID, status: TaskStatus(rawValue: status) ?? .failed, type: TaskType(rawValue: taskType) ?? .generate,
            prompt: prompt, aspectRatio: aspectRatio, providerAspectRatio: providerAspectRatio,
            resolution: ImageSize(rawValue: resolution) ?? .k1, priority: TaskPriority(rawValue: priority) ?? .realtime,
            tryOnCategory: tryOnCategory.flatMap(TryOnCategory.init(rawValue:)), model: model,
            referenceFileIDs: referenceFileIDs.split(separator: ",").compactMap { UUID(canonicalText: String($0)) },
            result: resultJSON.flatMap { Self.result(of: id, decoding: $0) },
            failure: errorCode.map { TaskFailure(TaskErrorCode(rawValue: $0) ?? .internal, errorMessage ?? "") },
            attempts: attempts, batchID: batchID, batchIndex: batchIndex, idempotencyKey: idempotencyKey, deadlineAt: deadlineAt,
            costMicroUSD: costMicroUSD, creditsHeld: creditsHeld, creditState: CreditState(rawValue: creditState) ?? .none,
            createdAt: createdAt, startedAt: startedAt, finishedAt: finishedAt,
            providerCharge: providerChargeJSON.flatMap { try? JSONDecoder().decode(ProviderCharge.self, from: Data($0.utf8)) })
    }
}

extension TaskRow {
    /// Column by column, in the table's order (see `SQLiteColumnCursor`): cheaper than a
    /// `Decodable` row, whose keyed container the list paid for on every field of every row.
    init(_ row: RowColumns) throws {
        id = try row.value("id", as: UUID.self)
        userID = try row.value("user_id", as: UUID.self)
        status = try row.value("status", as: String.self)
        taskType = try row.value("task_type", as: String.self)
        prompt = try row.value("prompt", as: String.self)
        aspectRatio = try row.value("aspect_ratio", as: String.self)
        providerAspectRatio = try row.value("provider_aspect_ratio", as: String.self)
        resolution = try row.value("resolution", as: String.self)
        priority = try row.value("priority", as: String.self)
        model = try row.value("model", as: String.self)
        referenceFileIDs = try row.value("reference_file_ids", as: String.self)
        resultJSON = try row.optional("result_json", as: String.self)
        errorCode = try row.optional("error_code", as: String.self)
        errorMessage = try row.optional("error_message", as: String.self)
        attempts = try row.value("attempts", as: Int.self)
        batchID = try row.optional("batch_id", as: UUID.self)
        idempotencyKey = try row.optional("idempotency_key", as: String.self)
        costMicroUSD = try row.value("cost_micro_usd", as: Int.self)
        leaseOwner = try row.optional("lease_owner", as: String.self)
        createdAt = try row.value("created_at", as: Date.self)
        startedAt = try row.optional("started_at", as: Date.self)
        finishedAt = try row.optional("finished_at", as: Date.self)
        batchIndex = try row.optional("batch_index", as: Int.self)
        tryOnCategory = try row.optional("tryon_category", as: String.self)
        deadlineAt = try row.optional("deadline_at", as: Date.self)
        creditsHeld = try row.value("credits_held", as: Int.self)
        creditState = try row.value("credit_state", as: String.self)
        providerChargeJSON = try row.optional("provider_charge_json", as: String.self)
    }
}
