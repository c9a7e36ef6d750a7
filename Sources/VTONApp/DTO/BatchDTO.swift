import Foundation
import VTONDomain

/// `POST /api/v1/images/batch-generate` as sent (API.md §2.5).
struct BatchRequestDTO: Decodable {
    let prompts: [String]?
    let referenceImages: [String]?
    let aspectRatio: String?
    let resolution: String?
    let model: String?
    let webhookURL: String?

    enum CodingKeys: String, CodingKey {
        case prompts, resolution, model
        case referenceImages = "reference_images"
        case aspectRatio = "aspect_ratio"
        case webhookURL = "webhook_url"
    }

    var draft: BatchDraft {
        BatchDraft(
            prompts: prompts, referenceImages: referenceImages, aspectRatio: aspectRatio, resolution: resolution, model: model, webhookURL: webhookURL
        )
    }
}

struct BatchCreatedDTO: Encodable {
    let batchID: UUID
    let batchName: String
    let taskCount: Int
    let taskIDs: [UUID]
    let status: String
    let estimatedCompletionHours: Int
    let createdAt: Date

    enum CodingKeys: String, CodingKey {
        case batchID = "batch_id", batchName, taskCount, taskIDs = "task_ids", status, estimatedCompletionHours, createdAt
    }
}

/// A batch's state, with what it cost and what Batch saved over realtime.
struct BatchStatusDTO: Encodable {
    let batchID: UUID
    let batchName: String
    let status: String
    let state: String
    let taskCount: Int
    let completedCount: Int
    let failedCount: Int
    /// The batch's tasks in prompt order, so a client lists results as they were asked for.
    let taskIDs: [UUID]
    let error: String?
    let costUsd: Double
    let savedUsd: Double
    /// The sum of what the provider reported for the batch's answers.
    let providerCostUsd: Double
    let createdAt: Date
    let updatedAt: Date

    init(_ batch: ImageBatch, tasks: [ImageTask]) {
        batchID = batch.id
        batchName = batch.providerName
        status = batch.phase.rawValue.lowercased()
        state = batch.phase.rawValue
        taskCount = batch.taskCount
        completedCount = tasks.filter { $0.status == .succeeded }.count
        failedCount = tasks.filter { $0.status == .failed }.count
        taskIDs = tasks.sorted { ($0.batchIndex ?? 0) < ($1.batchIndex ?? 0) }.map(\.id)
        error = batch.errorMessage
        let cost = tasks.reduce(0) { $0 + $1.costMicroUSD }
        let realtime = tasks.filter { $0.status == .succeeded }.reduce(0) { total, task in
            total + (ModelCatalogue.model(id: task.model)?.priceMicroUSD(size: task.resolution, batch: false) ?? 0) * (task.result?.images.count ?? 0)
        }
        costUsd = Money.usd(microUSD: cost)
        savedUsd = Money.usd(microUSD: realtime - cost)
        providerCostUsd = Money.usd(microUSD: tasks.reduce(0) { $0 + ($1.providerCharge?.costMicroUSD ?? 0) })
        createdAt = batch.createdAt
        updatedAt = batch.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case batchID = "batch_id", batchName, status, state, taskCount, completedCount, failedCount, taskIDs = "task_ids", error, costUsd
        case savedUsd, providerCostUsd
        case createdAt, updatedAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(batchID, forKey: .batchID)
        try container.encode(batchName, forKey: .batchName)
        try container.encode(status, forKey: .status)
        try container.encode(state, forKey: .state)
        try container.encode(taskCount, forKey: .taskCount)
        try container.encode(completedCount, forKey: .completedCount)
        try container.encode(failedCount, forKey: .failedCount)
        try container.encode(taskIDs, forKey: .taskIDs)
        try container.encode(error, forKey: .error)
        try container.encode(costUsd, forKey: .costUsd)
        try container.encode(savedUsd, forKey: .savedUsd)
        try container.encode(providerCostUsd, forKey: .providerCostUsd)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

struct BatchResultsDTO: Encodable {
    let batchName: String
    let status: String
    let results: [BatchResultDTO]
}

struct BatchResultDTO: WireObject {
    let taskIndex: Int
    let taskID: UUID
    let status: String
    let images: [ResultImageDTO]
    let error: TaskErrorDTO?

    init(_ task: ImageTask, signer: URLSigner) {
        taskIndex = task.batchIndex ?? 0
        taskID = task.id
        status = task.status.rawValue
        images = task.result?.images.map { ResultImageDTO($0, signer: signer) } ?? []
        error = task.failure.map(TaskErrorDTO.init)
    }

    func write(to fields: inout WireFields) throws {
        try fields.write("task_index", taskIndex)
        try fields.write("task_id", taskID)
        try fields.write("status", status)
        try fields.write("images", images)
        try fields.write("error", error)
    }
}
