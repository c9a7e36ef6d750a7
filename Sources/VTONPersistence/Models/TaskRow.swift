import Foundation
import VTONDomain

/// A `tasks` row as plain values, and the one mapping from a row to an `ImageTask`. Hot reads
/// decode it straight from SQL: Fluent's models find their fields by reflection on every row,
/// which cost more than the query itself.
struct TaskRow: Decodable {
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
    let createdAt: Date
    let startedAt: Date?
    let finishedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id
        case userID = "user_id"
        case status
        case taskType = "task_type"
        case prompt
        case aspectRatio = "aspect_ratio"
        case providerAspectRatio = "provider_aspect_ratio"
        case resolution
        case priority
        case tryOnCategory = "tryon_category"
        case model
        case referenceFileIDs = "reference_file_ids"
        case resultJSON = "result_json"
        case errorCode = "error_code"
        case errorMessage = "error_message"
        case attempts
        case batchID = "batch_id"
        case batchIndex = "batch_index"
        case idempotencyKey = "idempotency_key"
        case deadlineAt = "deadline_at"
        case costMicroUSD = "cost_micro_usd"
        case creditsHeld = "credits_held"
        case creditState = "credit_state"
        case createdAt = "created_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }

    var domain: ImageTask {
        ImageTask(
            id: id, userID: userID, status: TaskStatus(rawValue: status) ?? .failed, type: TaskType(rawValue: taskType) ?? .generate,
            prompt: prompt, aspectRatio: aspectRatio, providerAspectRatio: providerAspectRatio,
            resolution: ImageSize(rawValue: resolution) ?? .k1, priority: TaskPriority(rawValue: priority) ?? .realtime,
            tryOnCategory: tryOnCategory.flatMap(TryOnCategory.init(rawValue:)), model: model,
            referenceFileIDs: referenceFileIDs.split(separator: ",").compactMap { UUID(uuidString: String($0)) },
            result: resultJSON.flatMap { try? JSONDecoder().decode(TaskResult.self, from: Data($0.utf8)) },
            failure: errorCode.map { TaskFailure(TaskErrorCode(rawValue: $0) ?? .internal, errorMessage ?? "") },
            attempts: attempts, batchID: batchID, batchIndex: batchIndex, idempotencyKey: idempotencyKey, deadlineAt: deadlineAt,
            costMicroUSD: costMicroUSD, creditsHeld: creditsHeld, creditState: CreditState(rawValue: creditState) ?? .none,
            createdAt: createdAt, startedAt: startedAt, finishedAt: finishedAt)
    }
}
