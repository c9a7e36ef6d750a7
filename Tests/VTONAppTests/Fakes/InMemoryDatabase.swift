import Foundation
import Synchronization
import VTONDomain

@testable import VTONPersistence

/// The rows the in-memory repositories share, as the Fluent ones share a database. Every
/// write runs under one lock on a copy that replaces the rows only when it returns, so a task,
/// its event and its credit movements land together or not at all, as in one transaction.
final class InMemoryDatabase: Sendable {
    struct StoredTask {
        var task: ImageTask
        var deletedAt: Date?
        var leaseOwner: String?
        var leaseExpiresAt: Date?

        var isVisible: Bool { deletedAt == nil }
    }

    struct StoredUser {
        var user: User
        var deletedAt: Date?
    }

    struct Rows {
        var users: [UUID: StoredUser] = [:]
        var tasks: [UUID: StoredTask] = [:]
        var events: [TaskEvent] = []
        var ledger: [LedgerEntry] = []
    }

    private let rows = Mutex(Rows())

    func write<T: Sendable>(_ body: (inout Rows) throws -> T) throws -> T {
        try rows.withLock { rows in
            var draft = rows
            let result = try body(&draft)
            rows = draft
            return result
        }
    }

    func read<T: Sendable>(_ body: (Rows) -> T) -> T {
        rows.withLock { body($0) }
    }
}

extension InMemoryDatabase.Rows {
    /// Moves a balance and writes its ledger row; refuses to go below zero, as `CreditBook` does.
    @discardableResult
    mutating func move(
        userID: UUID, _ movement: CreditMovement, taskID: UUID? = nil, actorID: UUID? = nil, reason: String? = nil
    ) throws -> LedgerEntry {
        let balance = users[userID]?.user.credits ?? 0
        guard users[userID] != nil, balance + movement.delta >= 0 else {
            throw InsufficientCredits(needed: -movement.delta, available: balance)
        }
        users[userID]?.user.credits = balance + movement.delta
        let entry = LedgerEntry(
            id: ledger.count + 1, userID: userID, kind: movement.kind, delta: movement.delta, balanceAfter: balance + movement.delta,
            taskID: taskID, actorID: actorID, reason: reason ?? movement.reason)
        ledger.append(entry)
        return entry
    }

    /// The event recording the task's state as it is now.
    mutating func record(_ task: ImageTask) -> TaskEvent {
        let event = TaskEvent(
            id: events.count + 1, taskID: task.id, userID: task.userID, status: task.status, result: task.result, failure: task.failure,
            finishedAt: task.finishedAt, createdAt: Date())
        events.append(event)
        return event
    }

    /// What the quota counts, as `SubmissionGate.usage` does: every task submitted within the
    /// window, hidden ones too, and the visible ones queued or running.
    func usage(of userID: UUID, now: Date) -> SubmissionUsage {
        let mine = tasks.values.filter { $0.task.userID == userID }
        let recent = mine.map(\.task.createdAt).filter { $0 >= now.addingTimeInterval(-SubmissionUsage.window) }
        let inFlight = mine.filter { $0.isVisible && [.queued, .running].contains($0.task.status) }.count
        return SubmissionUsage(submittedLastMinute: recent.count, oldestInWindow: recent.min(), inFlight: inFlight)
    }

    /// Applies `change` as `FluentTaskRepository.transition` does: state-machine checked,
    /// credits settled, one event.
    mutating func transition(
        id: UUID, from: Set<TaskStatus>, when condition: (InMemoryDatabase.StoredTask) -> Bool, change: (inout ImageTask) -> Void
    ) throws -> TaskTransition? {
        guard let row = tasks[id], condition(row), var task = row.task.changed(from: from, by: change) else { return nil }
        for movement in task.settleCredits(heldBefore: row.task.creditsHeld) {
            try move(userID: task.userID, movement, taskID: task.id)
        }
        tasks[id]?.task = task
        return TaskTransition(task: task, event: record(task))
    }
}
