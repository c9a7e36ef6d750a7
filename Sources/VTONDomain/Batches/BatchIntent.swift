import Foundation

/// An economy batch about to be sent: recorded with its tasks before the provider is asked, so
/// that a process dying between the provider's answer and recording it leaves a trace. Found
/// again later by its display name, the batch is recorded; not found, its tasks go back to the
/// pool. Either way no task is sent, and paid for, twice.
public struct BatchIntent: Sendable, Equatable {
    public let id: UUID
    public let model: String
    public let createdAt: Date

    public init(id: UUID = .timeOrdered(), model: String, createdAt: Date = Date()) {
        self.id = id
        self.model = model
        self.createdAt = createdAt
    }

    /// The provider job's display name, unique to this intent.
    public var displayName: String { "vton-economy-" + id.lowercasedText }
}
