/// What a webhook announces: a task reached a terminal state. The names follow the task's
/// `status` values, so `canceled` (API.md §2.3) rather than `cancelled`.
public enum WebhookEventType: String, Sendable, CaseIterable {
    case taskSucceeded = "task.succeeded"
    case taskFailed = "task.failed"
    case taskCanceled = "task.canceled"

    /// The event a task in `status` announces, or nil while it is unfinished.
    public init?(terminal status: TaskStatus) {
        switch status {
        case .succeeded: self = .taskSucceeded
        case .failed: self = .taskFailed
        case .canceled: self = .taskCanceled
        case .queued, .running: return nil
        }
    }
}
