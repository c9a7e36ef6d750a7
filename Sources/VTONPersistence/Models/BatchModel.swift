import FluentKit
import Foundation
import VTONDomain

final class BatchModel: Model, @unchecked Sendable {
    static let schema = "batches"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @OptionalField(key: "kind") var kind: String?
    @Field(key: "provider_name") var providerName: String
    @Field(key: "phase") var phase: String
    @Field(key: "model") var model: String
    @Field(key: "aspect_ratio") var aspectRatio: String
    @Field(key: "resolution") var resolution: String
    @Field(key: "task_count") var taskCount: Int
    @Field(key: "completed_count") var completedCount: Int
    @Field(key: "failed_count") var failedCount: Int
    @OptionalField(key: "error_message") var errorMessage: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "next_poll_at") var nextPollAt: Date
    @Field(key: "poll_interval_s") var pollIntervalSeconds: Double
    @OptionalField(key: "lease_owner") var leaseOwner: String?
    @OptionalField(key: "lease_expires_at") var leaseExpiresAt: Date?

    init() {}

    init(_ batch: ImageBatch) {
        id = batch.id
        userID = batch.userID
        kind = batch.kind.rawValue
        createdAt = batch.createdAt
        apply(batch)
    }

    func apply(_ batch: ImageBatch) {
        providerName = batch.providerName
        phase = batch.phase.rawValue
        model = batch.model
        aspectRatio = batch.aspectRatio
        resolution = batch.resolution.rawValue
        taskCount = batch.taskCount
        completedCount = batch.completedCount
        failedCount = batch.failedCount
        errorMessage = batch.errorMessage
        updatedAt = batch.updatedAt
        nextPollAt = batch.nextPollAt
        pollIntervalSeconds = batch.pollIntervalSeconds
    }

    var domain: ImageBatch {
        ImageBatch(
            id: id!, kind: kind.flatMap(BatchKind.init(rawValue:)) ?? .request, userID: userID, providerName: providerName,
            phase: BatchPhase(rawValue: phase) ?? .failed, model: model,
            aspectRatio: aspectRatio, resolution: ImageSize(rawValue: resolution) ?? .k1, taskCount: taskCount, completedCount: completedCount,
            failedCount: failedCount, errorMessage: errorMessage, createdAt: createdAt, updatedAt: updatedAt, nextPollAt: nextPollAt,
            pollIntervalSeconds: pollIntervalSeconds)
    }
}
