import Foundation
import VTONDomain

/// The task object of API.md §2.3.
struct TaskDTO: Encodable {
    let taskID: UUID
    let status: String
    let taskType: String
    let prompt: String
    let aspectRatio: String
    let providerAspectRatio: String
    let resolution: String
    let priority: String
    let tryonCategory: String?
    let model: String
    let batchID: UUID?
    let result: ResultDTO?
    let error: TaskErrorDTO?
    let attempts: Int
    let costUsd: Double
    let createdAt: Date
    let startedAt: Date?
    let finishedAt: Date?

    init(_ task: ImageTask, signer: URLSigner) {
        taskID = task.id
        status = task.status.rawValue
        taskType = task.type.rawValue
        prompt = task.prompt
        aspectRatio = task.aspectRatio
        providerAspectRatio = task.providerAspectRatio
        resolution = task.resolution.rawValue
        priority = task.priority.rawValue
        tryonCategory = task.tryOnCategory?.rawValue
        model = task.model
        batchID = task.batchID
        result = task.result.map { ResultDTO($0, signer: signer) }
        error = task.failure.map(TaskErrorDTO.init)
        attempts = task.attempts
        costUsd = Money.usd(microUSD: task.costMicroUSD)
        createdAt = task.createdAt
        startedAt = task.startedAt
        finishedAt = task.finishedAt
    }

    /// Spelled as on the wire, so the encoder has no key to convert.
    enum CodingKeys: String, CodingKey {
        case taskID = "task_id", status, taskType = "task_type", prompt, aspectRatio = "aspect_ratio"
        case providerAspectRatio = "provider_aspect_ratio", resolution, priority, model, tryonCategory = "tryon_category"
        case batchID = "batch_id", result, error, attempts, costUsd = "cost_usd", createdAt = "created_at"
        case startedAt = "started_at", finishedAt = "finished_at"
    }

    /// Absent values are written as `null`, as the contract shows them.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(taskID, forKey: .taskID)
        try container.encode(status, forKey: .status)
        try container.encode(taskType, forKey: .taskType)
        try container.encode(prompt, forKey: .prompt)
        try container.encode(aspectRatio, forKey: .aspectRatio)
        try container.encode(providerAspectRatio, forKey: .providerAspectRatio)
        try container.encode(resolution, forKey: .resolution)
        try container.encode(priority, forKey: .priority)
        try container.encode(model, forKey: .model)
        try container.encodeOrNull(tryonCategory, forKey: .tryonCategory)
        try container.encodeOrNull(batchID, forKey: .batchID)
        try container.encodeOrNull(result, forKey: .result)
        try container.encodeOrNull(error, forKey: .error)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(costUsd, forKey: .costUsd)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encodeOrNull(startedAt, forKey: .startedAt)
        try container.encodeOrNull(finishedAt, forKey: .finishedAt)
    }
}

struct ResultDTO: Encodable {
    let images: [ResultImageDTO]
    let text: String?
    /// The images' files were deleted by retention: their URLs answer 404.
    let expired: Bool

    init(_ result: TaskResult, signer: URLSigner) {
        images = result.images.map { ResultImageDTO($0, signer: signer) }
        text = result.text
        expired = result.expired ?? false
    }
}

struct ResultImageDTO: Encodable {
    let url: String
    let thumbnailUrl: String
    let width: Int
    let height: Int
    let mimeType: String

    enum CodingKeys: String, CodingKey {
        case url, thumbnailUrl = "thumbnail_url", width, height, mimeType = "mime_type"
    }

    init(_ image: ResultImage, signer: URLSigner) {
        url = signer.signedPath(fileID: image.fileID)
        thumbnailUrl = url + "&size=thumb"
        width = image.width
        height = image.height
        mimeType = image.mimeType
    }
}

struct TaskErrorDTO: Encodable {
    let code: String
    let message: String

    init(_ failure: TaskFailure) {
        code = failure.code.rawValue
        message = failure.message
    }
}

struct TaskCreatedDTO: Encodable {
    let taskID: UUID
    let status: String
    let createdAt: Date

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id", status, createdAt
    }
}

struct TaskListDTO: Encodable {
    let tasks: [TaskDTO]
    let total: Int
}
