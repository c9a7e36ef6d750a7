import Foundation

/// One image generation, as the domain sees it (no storage or wire concerns).
public struct ImageTask: Sendable, Equatable {
    public var id: UUID
    public var userID: UUID
    public var status: TaskStatus
    public var type: TaskType
    public var prompt: String
    /// As the client asked (`6:9` stays `6:9`).
    public var aspectRatio: String
    /// As sent to the model (`6:9` becomes `2:3`).
    public var providerAspectRatio: String
    public var resolution: ImageSize
    public var priority: TaskPriority
    public var tryOnCategory: TryOnCategory?
    public var model: String
    public var referenceFileIDs: [UUID]
    public var result: TaskResult?
    public var failure: TaskFailure?
    public var attempts: Int
    public var batchID: UUID?
    /// The prompt's position in its batch request.
    public var batchIndex: Int?
    public var idempotencyKey: String?
    /// For economy: when an unfinished task gives up on its batch and runs realtime.
    public var deadlineAt: Date?
    public var costMicroUSD: Int
    /// Credits taken from the owner's balance when the task was submitted.
    public var creditsHeld: Int
    public var creditState: CreditState
    /// What the provider reported it used, and may bill, for this task.
    public var providerCharge: ProviderCharge?
    /// Starred by its owner, to find it again in History.
    public var favourite: Bool
    /// One of `n` variations asked for together: the group's id (its first task's) and its place in it.
    public var variationGroupID: UUID?
    public var variationIndex: Int?
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?

    public init(
        id: UUID = .timeOrdered(), userID: UUID, spec: GenerationSpec, referenceFileIDs: [UUID], createdAt: Date = Date()
    ) {
        self.id = id
        self.userID = userID
        self.status = .queued
        self.type = spec.taskType
        self.prompt = spec.prompt
        self.aspectRatio = spec.aspectRatio.value
        self.providerAspectRatio = spec.aspectRatio.providerValue
        self.resolution = spec.size
        self.priority = spec.priority
        self.tryOnCategory = spec.tryOnCategory
        self.model = spec.model.id
        self.referenceFileIDs = referenceFileIDs
        self.result = nil
        self.failure = nil
        self.attempts = 0
        self.batchID = nil
        self.batchIndex = nil
        self.idempotencyKey = spec.idempotencyKey
        self.deadlineAt = spec.deadlineSeconds.map { createdAt.addingTimeInterval(Double($0)) }
        self.costMicroUSD = 0
        self.creditsHeld = 0
        self.creditState = .none
        self.favourite = false
        self.createdAt = createdAt
    }

    public init(
        id: UUID, userID: UUID, status: TaskStatus, type: TaskType, prompt: String, aspectRatio: String,
        providerAspectRatio: String, resolution: ImageSize, priority: TaskPriority, tryOnCategory: TryOnCategory?, model: String,
        referenceFileIDs: [UUID], result: TaskResult?, failure: TaskFailure?, attempts: Int, batchID: UUID?, batchIndex: Int?,
        idempotencyKey: String?, deadlineAt: Date?, costMicroUSD: Int, creditsHeld: Int, creditState: CreditState, createdAt: Date,
        startedAt: Date?, finishedAt: Date?, providerCharge: ProviderCharge? = nil, favourite: Bool = false, variationGroupID: UUID? = nil,
        variationIndex: Int? = nil
    ) {
        self.id = id
        self.userID = userID
        self.status = status
        self.type = type
        self.prompt = prompt
        self.aspectRatio = aspectRatio
        self.providerAspectRatio = providerAspectRatio
        self.resolution = resolution
        self.priority = priority
        self.tryOnCategory = tryOnCategory
        self.model = model
        self.referenceFileIDs = referenceFileIDs
        self.result = result
        self.failure = failure
        self.attempts = attempts
        self.batchID = batchID
        self.batchIndex = batchIndex
        self.idempotencyKey = idempotencyKey
        self.deadlineAt = deadlineAt
        self.costMicroUSD = costMicroUSD
        self.creditsHeld = creditsHeld
        self.creditState = creditState
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.providerCharge = providerCharge
        self.favourite = favourite
        self.variationGroupID = variationGroupID
        self.variationIndex = variationIndex
    }
}

public struct TaskResult: Sendable, Equatable, Codable {
    public var images: [ResultImage]
    public var text: String?
    /// The images' files were deleted by retention; the record of what was made stays.
    public var expired: Bool?

    public init(images: [ResultImage], text: String?, expired: Bool? = nil) {
        self.images = images
        self.text = text
        self.expired = expired
    }
}

public struct ResultImage: Sendable, Equatable, Codable {
    public var fileID: UUID
    public var width: Int
    public var height: Int
    public var mimeType: String

    public init(fileID: UUID, width: Int, height: Int, mimeType: String) {
        self.fileID = fileID
        self.width = width
        self.height = height
        self.mimeType = mimeType
    }
}

/// A committed state change, numbered in commit order per database; clients resume from it.
public struct TaskEvent: Sendable, Equatable {
    public var id: Int
    public var taskID: UUID
    public var userID: UUID
    public var status: TaskStatus
    public var result: TaskResult?
    public var failure: TaskFailure?
    public var finishedAt: Date?
    public var createdAt: Date

    public init(
        id: Int, taskID: UUID, userID: UUID, status: TaskStatus, result: TaskResult?, failure: TaskFailure?, finishedAt: Date?, createdAt: Date
    ) {
        self.id = id
        self.taskID = taskID
        self.userID = userID
        self.status = status
        self.result = result
        self.failure = failure
        self.finishedAt = finishedAt
        self.createdAt = createdAt
    }
}

extension ImageTask {
    /// How long an idempotency key answers with its first task (API.md §2.1).
    public static let idempotencyWindow: TimeInterval = 24 * 3600
}
