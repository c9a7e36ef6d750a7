public enum TaskType: String, Sendable, Codable, CaseIterable {
    case generate
    case tryon
}

public enum TaskPriority: String, Sendable, Codable, CaseIterable {
    case realtime
    case economy
    /// A prompt of a `batch-generate` request: run by the provider's Batch API, never by the worker.
    case batch

    /// The values a client may ask for on `generate`.
    public static let requestable: [TaskPriority] = [.realtime, .economy]
}
