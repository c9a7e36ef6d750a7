/// Machine-readable reasons a task failed (API.md §2.3).
public enum TaskErrorCode: String, Sendable, Codable, CaseIterable {
    case invalidReference = "INVALID_REFERENCE"
    case safetyBlocked = "SAFETY_BLOCKED"
    case noImage = "NO_IMAGE"
    case providerRejected = "PROVIDER_REJECTED"
    case providerUnavailable = "PROVIDER_UNAVAILABLE"
    /// The provider no longer knows the batch that held the task (deleted, or a restarted emulator).
    case providerLost = "PROVIDER_LOST"
    case timeout = "TIMEOUT"
    /// The provider's quota for the model is zero: its project needs billing, retrying cannot help.
    case providerQuota = "PROVIDER_QUOTA"
    case insufficientCredits = "INSUFFICIENT_CREDITS"
    case canceled = "CANCELED"
    case `internal` = "INTERNAL"
}

public struct TaskFailure: Error, Sendable, Equatable {
    public var code: TaskErrorCode
    public var message: String

    public init(_ code: TaskErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }
}
