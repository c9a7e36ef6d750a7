import FluentKit
import Foundation
import VTONDomain

final class TaskModel: Model, @unchecked Sendable {
    static let schema = "tasks"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "status") var status: String
    @Field(key: "task_type") var taskType: String
    @Field(key: "prompt") var prompt: String
    @Field(key: "aspect_ratio") var aspectRatio: String
    @Field(key: "provider_aspect_ratio") var providerAspectRatio: String
    @Field(key: "resolution") var resolution: String
    @Field(key: "priority") var priority: String
    @OptionalField(key: "tryon_category") var tryOnCategory: String?
    @Field(key: "model") var model: String
    @Field(key: "reference_file_ids") var referenceFileIDs: String
    @OptionalField(key: "result_json") var resultJSON: String?
    @OptionalField(key: "error_code") var errorCode: String?
    @OptionalField(key: "error_message") var errorMessage: String?
    @Field(key: "attempts") var attempts: Int
    @OptionalField(key: "batch_id") var batchID: UUID?
    @OptionalField(key: "batch_index") var batchIndex: Int?
    @OptionalField(key: "idempotency_key") var idempotencyKey: String?
    @OptionalField(key: "deadline_at") var deadlineAt: Date?
    @Field(key: "cost_micro_usd") var costMicroUSD: Int
    @Field(key: "credits_held") var creditsHeld: Int
    @Field(key: "credit_state") var creditState: String
    @OptionalField(key: "lease_owner") var leaseOwner: String?
    @OptionalField(key: "lease_expires_at") var leaseExpiresAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "started_at") var startedAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?
    @OptionalField(key: "deleted_at") var deletedAt: Date?
    @OptionalField(key: "provider_cost_micro_usd") var providerCostMicroUSD: Int?
    @OptionalField(key: "provider_charge_json") var providerChargeJSON: String?

    init() {}

    static func resultText(_ result: TaskResult?) -> String? {
        result.flatMap { try? String(decoding: JSONEncoder().encode($0), as: UTF8.self) }
    }

    static func chargeText(_ charge: ProviderCharge?) -> String? {
        charge.flatMap { try? String(decoding: JSONEncoder().encode($0), as: UTF8.self) }
    }

    var domain: ImageTask {
        TaskRow(
            id: id!, userID: userID, status: status, taskType: taskType, prompt: prompt, aspectRatio: aspectRatio,
            providerAspectRatio: providerAspectRatio, resolution: resolution, priority: priority, tryOnCategory: tryOnCategory, model: model,
            referenceFileIDs: referenceFileIDs, resultJSON: resultJSON, errorCode: errorCode, errorMessage: errorMessage, attempts: attempts,
            batchID: batchID, batchIndex: batchIndex, idempotencyKey: idempotencyKey, deadlineAt: deadlineAt, costMicroUSD: costMicroUSD,
            creditsHeld: creditsHeld, creditState: creditState, leaseOwner: leaseOwner, createdAt: createdAt, startedAt: startedAt,
            finishedAt: finishedAt, providerChargeJSON: providerChargeJSON
        ).domain
    }
}
