import Foundation
import Synchronization
import VTONDomain

/// Delivers committed task events to the sockets of the task's owner: in one process a fan-out
/// in memory (`InProcessEventBus`), across processes on one PostgreSQL `PostgresEventBus`.
public protocol EventBus: Sendable {
    func publish(_ event: TaskEvent)
    func subscribe(userID: UUID, deliver: @escaping @Sendable (TaskEvent) -> Void) -> UUID
    func unsubscribe(userID: UUID, subscription: UUID)
    /// Every user's events, for a service that acts on all tasks (the webhook dispatcher).
    func subscribeAll(deliver: @escaping @Sendable (TaskEvent) -> Void) -> UUID
    func unsubscribeAll(subscription: UUID)
}

public final class InProcessEventBus: EventBus {
    private let subscribers = Mutex<[UUID: [UUID: @Sendable (TaskEvent) -> Void]]>([:])
    private let everyUser = Mutex<[UUID: @Sendable (TaskEvent) -> Void]>([:])

    public init() {}

    public func publish(_ event: TaskEvent) {
        let receivers = subscribers.withLock { $0[event.userID].map { Array($0.values) } ?? [] } + everyUser.withLock { Array($0.values) }
        for deliver in receivers { deliver(event) }
    }

    public func subscribe(userID: UUID, deliver: @escaping @Sendable (TaskEvent) -> Void) -> UUID {
        let id = UUID()
        subscribers.withLock { $0[userID, default: [:]][id] = deliver }
        return id
    }

    public func unsubscribe(userID: UUID, subscription: UUID) {
        subscribers.withLock { all in
            all[userID]?[subscription] = nil
            if all[userID]?.isEmpty == true { all[userID] = nil }
        }
    }

    public func subscribeAll(deliver: @escaping @Sendable (TaskEvent) -> Void) -> UUID {
        let id = UUID()
        everyUser.withLock { $0[id] = deliver }
        return id
    }

    public func unsubscribeAll(subscription: UUID) {
        everyUser.withLock { $0[subscription] = nil }
    }

    /// Whether anyone here would receive `userID`'s events.
    func wants(userID: UUID) -> Bool {
        !everyUser.withLock { $0.isEmpty } || subscribers.withLock { $0[userID] != nil }
    }
}
