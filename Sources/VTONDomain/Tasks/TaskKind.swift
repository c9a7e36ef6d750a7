public enum TaskType: String, Sendable, Codable, CaseIterable {
    case generate
    case tryon
}

public enum TaskPriority: String, Sendable, Codable, CaseIterable {
    case realtime
    case economy
}
