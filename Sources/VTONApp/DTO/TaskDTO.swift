import Foundation
import VTONDomain

/// The task object of API.md §2.3.
struct TaskDTO: RememberedWireObject {
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
    let inputs: [TaskInputDTO]
    let result: ResultDTO?
    let error: TaskErrorDTO?
    let attempts: Int
    let costUsd: Double
    let provider: ProviderChargeDTO?
    let favourite: Bool
    let variationGroupID: UUID?
    let variationIndex: Int?
    /// Only on a read of one queued task: its place and wait.
    let queue: QueueDTO?
    let createdAt: Date
    let startedAt: Date?
    let finishedAt: Date?

    init(_ task: ImageTask, signer: URLSigner, queue: QueueEstimate? = nil) {
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
        inputs = task.inputs.map { TaskInputDTO($0, signer: signer) }
        result = task.result.map { ResultDTO($0, signer: signer) }
        error = task.failure.map(TaskErrorDTO.init)
        attempts = task.attempts
        costUsd = Money.usd(microUSD: task.costMicroUSD)
        provider = task.providerCharge.map(ProviderChargeDTO.init)
        favourite = task.favourite
        variationGroupID = task.variationGroupID
        variationIndex = task.variationIndex
        self.queue = queue.map(QueueDTO.init)
        createdAt = task.createdAt
        startedAt = task.startedAt
        finishedAt = task.finishedAt
    }

    var rememberedID: UUID { taskID }
    static let written = BoundedMemo<UUID, WrittenShape<TaskDTO>>(limit: 1024)

    func write(to fields: inout WireFields) throws {
        try fields.write("task_id", taskID)
        try fields.write("status", status)
        try fields.write("task_type", taskType)
        try fields.write("prompt", prompt)
        try fields.write("aspect_ratio", aspectRatio)
        try fields.write("provider_aspect_ratio", providerAspectRatio)
        try fields.write("resolution", resolution)
        try fields.write("priority", priority)
        try fields.write("model", model)
        try fields.write("tryon_category", tryonCategory)
        try fields.write("batch_id", batchID)
        try fields.write("inputs", inputs)
        try fields.write("result", result)
        try fields.write("error", error)
        try fields.write("attempts", attempts)
        try fields.write("cost_usd", costUsd)
        try fields.write("provider", provider)
        try fields.write("favourite", favourite)
        try fields.write("variation_group_id", variationGroupID)
        try fields.write("variation_index", variationIndex)
        try fields.writeIfPresent("queue", queue)
        try fields.write("created_at", createdAt)
        try fields.write("started_at", startedAt)
        try fields.write("finished_at", finishedAt)
    }
}

struct QueueDTO: WireObject, Equatable {
    let lane: String
    let position: Int
    let etaSeconds: Int

    init(_ estimate: QueueEstimate) {
        lane = estimate.lane.rawValue
        position = estimate.position
        etaSeconds = estimate.etaSeconds
    }

    func write(to fields: inout WireFields) throws {
        try fields.write("lane", lane)
        try fields.write("position", position)
        try fields.write("eta_seconds", etaSeconds)
    }
}

struct ResultDTO: WireObject, Equatable {
    let images: [ResultImageDTO]
    let text: String?
    /// The images' files were deleted by retention: their URLs answer 404.
    let expired: Bool

    init(_ result: TaskResult, signer: URLSigner) {
        images = result.images.map { ResultImageDTO($0, signer: signer) }
        text = result.text
        expired = result.expired ?? false
    }

    func write(to fields: inout WireFields) throws {
        try fields.write("images", images)
        try fields.writeIfPresent("text", text)
        try fields.write("expired", expired)
    }
}

/// An image the task was made from, by role (a try-on's person and garments, a generation's
/// references); its URL is signed like a result's and answers 404 once retention deleted it.
struct TaskInputDTO: WireObject, Equatable {
    let role: String
    let fileID: UUID
    let url: String
    let thumbnailUrl: String

    init(_ input: TaskInput, signer: URLSigner) {
        role = input.role.rawValue
        fileID = input.fileID
        url = signer.signedPath(fileID: input.fileID)
        thumbnailUrl = url + "&size=thumb"
    }

    func write(to fields: inout WireFields) throws {
        try fields.write("role", role)
        try fields.write("file_id", fileID)
        try fields.write("url", url)
        try fields.write("thumbnail_url", thumbnailUrl)
    }
}

struct ResultImageDTO: WireObject, Equatable {
    let url: String
    let thumbnailUrl: String
    let width: Int
    let height: Int
    let mimeType: String

    init(_ image: ResultImage, signer: URLSigner) {
        url = signer.signedPath(fileID: image.fileID)
        thumbnailUrl = url + "&size=thumb"
        width = image.width
        height = image.height
        mimeType = image.mimeType
    }

    func write(to fields: inout WireFields) throws {
        try fields.write("url", url)
        try fields.write("thumbnail_url", thumbnailUrl)
        try fields.write("width", width)
        try fields.write("height", height)
        try fields.write("mime_type", mimeType)
    }
}

/// What the provider reported for the task: its real cost from the tokens it used, and calls
/// that got no answer (which it may have billed).
struct ProviderChargeDTO: WireObject, Equatable {
    let costUsd: Double
    let promptTokens: Int
    let imageTokens: Int
    let textTokens: Int
    let thoughtTokens: Int
    let unansweredCalls: Int

    init(_ charge: ProviderCharge) {
        costUsd = Money.usd(microUSD: charge.costMicroUSD)
        promptTokens = charge.usage.promptTokens
        imageTokens = charge.usage.imageOutputTokens
        textTokens = charge.usage.textOutputTokens
        thoughtTokens = charge.usage.thoughtTokens
        unansweredCalls = charge.unansweredCalls
    }

    func write(to fields: inout WireFields) throws {
        try fields.write("cost_usd", costUsd)
        try fields.write("prompt_tokens", promptTokens)
        try fields.write("image_tokens", imageTokens)
        try fields.write("text_tokens", textTokens)
        try fields.write("thought_tokens", thoughtTokens)
        try fields.write("unanswered_calls", unansweredCalls)
    }
}

struct TaskErrorDTO: WireObject, Equatable {
    let code: String
    let message: String

    init(_ failure: TaskFailure) {
        code = failure.code.rawValue
        message = failure.message
    }

    func write(to fields: inout WireFields) throws {
        try fields.write("code", code)
        try fields.write("message", message)
    }
}

struct TaskCreatedDTO: Encodable {
    let taskID: UUID
    let status: String
    let createdAt: Date
    /// Every task of the request: `n` variations, or `task_id` alone.
    let taskIDs: [UUID]

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id", status, createdAt
        case taskIDs = "task_ids"
    }
}

struct TaskListDTO: WireObject {
    let tasks: [TaskDTO]
    let total: Int

    func write(to fields: inout WireFields) throws {
        try fields.write("tasks", tasks)
        try fields.write("total", total)
    }
}
