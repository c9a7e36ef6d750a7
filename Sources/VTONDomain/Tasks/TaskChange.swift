import Foundation

extension ImageTask {
    /// The task after `change`, or nil when it is refused: the task is not in one of `from`, or
    /// the change moves it where the state machine does not go. A change that keeps the state
    /// (a batch noting its progress) is allowed.
    public func changed(from allowed: Set<TaskStatus>, by change: (inout ImageTask) -> Void) -> ImageTask? {
        guard allowed.contains(status) else { return nil }
        var next = self
        change(&next)
        guard next.status == status || status.canMove(to: next.status) else { return nil }
        return next
    }

    /// Back in the queue after its worker's lease ran out or it shut down; the next attempt starts afresh.
    public mutating func requeue() {
        status = .queued
        startedAt = nil
    }

    /// Whether this task still answers its idempotency key at `now` (`idempotencyWindow`).
    public func answersIdempotencyKey(at now: Date) -> Bool {
        createdAt >= now.addingTimeInterval(-Self.idempotencyWindow)
    }
}
