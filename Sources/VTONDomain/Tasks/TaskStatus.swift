/// The life of a task. States only move forward, except that a task whose worker died
/// (its lease expired) or was shut down mid-attempt goes back to `queued` to be run again.
public enum TaskStatus: String, Sendable, Codable, CaseIterable {
    case queued
    case running
    case succeeded
    case failed
    case canceled

    public var isTerminal: Bool {
        switch self {
        case .succeeded, .failed, .canceled: true
        case .queued, .running: false
        }
    }

    /// Progress shown to clients; the provider gives no finer signal than the state.
    public var progress: Int {
        switch self {
        case .queued: 0
        case .running: 50
        case .succeeded, .failed, .canceled: 100
        }
    }

    public func canMove(to next: TaskStatus) -> Bool {
        switch (self, next) {
        case (.queued, .running), (.queued, .canceled): true
        case (.running, .succeeded), (.running, .failed), (.running, .canceled): true
        case (.running, .queued): true  // requeue after a lost lease or a shutdown
        default: false
        }
    }
}
