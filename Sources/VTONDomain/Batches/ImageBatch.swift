import Foundation

/// A provider batch's lifecycle, without the wire's `BATCH_STATE_` prefix (API.md §2.5).
public enum BatchPhase: String, Sendable, Codable, CaseIterable {
    case pending = "PENDING"
    case running = "RUNNING"
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    case cancelled = "CANCELLED"
    case expired = "EXPIRED"

    public var isTerminal: Bool { self != .pending && self != .running }
}

/// Why a batch exists: a user's `batch-generate`, or the economy pool's flush of many users' tasks.
public enum BatchKind: String, Sendable, Codable {
    case request
    case economy
}

/// One provider Batch job and the tasks it carries.
public struct ImageBatch: Sendable, Equatable {
    public var id: UUID
    public var kind: BatchKind
    public var userID: UUID
    /// `batches/…`, the provider's name for the job.
    public var providerName: String
    public var phase: BatchPhase
    public var model: String
    public var aspectRatio: String
    public var resolution: ImageSize
    public var taskCount: Int
    public var completedCount: Int
    public var failedCount: Int
    public var errorMessage: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var nextPollAt: Date
    /// Grows while the provider's state stays the same, so long batches are polled gently.
    public var pollIntervalSeconds: Double

    public init(
        id: UUID = .timeOrdered(), kind: BatchKind = .request, userID: UUID, providerName: String, model: String, aspectRatio: String,
        resolution: ImageSize, taskCount: Int, pollIntervalSeconds: Double, now: Date = Date()
    ) {
        self.id = id
        self.kind = kind
        self.userID = userID
        self.providerName = providerName
        self.phase = .pending
        self.model = model
        self.aspectRatio = aspectRatio
        self.resolution = resolution
        self.taskCount = taskCount
        self.completedCount = 0
        self.failedCount = 0
        self.errorMessage = nil
        self.createdAt = now
        self.updatedAt = now
        self.nextPollAt = now.addingTimeInterval(pollIntervalSeconds)
        self.pollIntervalSeconds = pollIntervalSeconds
    }

    public init(
        id: UUID, kind: BatchKind, userID: UUID, providerName: String, phase: BatchPhase, model: String, aspectRatio: String, resolution: ImageSize,
        taskCount: Int, completedCount: Int, failedCount: Int, errorMessage: String?, createdAt: Date, updatedAt: Date, nextPollAt: Date,
        pollIntervalSeconds: Double
    ) {
        self.id = id
        self.kind = kind
        self.userID = userID
        self.providerName = providerName
        self.phase = phase
        self.model = model
        self.aspectRatio = aspectRatio
        self.resolution = resolution
        self.taskCount = taskCount
        self.completedCount = completedCount
        self.failedCount = failedCount
        self.errorMessage = errorMessage
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.nextPollAt = nextPollAt
        self.pollIntervalSeconds = pollIntervalSeconds
    }

    /// After a poll: back to the base interval when something changed, otherwise half again
    /// as long, up to `ceiling`.
    public mutating func schedulePoll(changed: Bool, base: Double, ceiling: Double, now: Date = Date()) {
        pollIntervalSeconds = changed ? base : min(pollIntervalSeconds * 1.5, ceiling)
        nextPollAt = now.addingTimeInterval(pollIntervalSeconds)
        updatedAt = now
    }
}
