import Foundation
import Synchronization
import VTONDomain

@testable import VTONApp

/// An `EventBus` that keeps what was published, for tests that ask what a service announced.
final class RecordingEventBus: EventBus {
    private let published = Mutex<[TaskEvent]>([])

    var events: [TaskEvent] { published.withLock { $0 } }

    func publish(_ event: TaskEvent) {
        published.withLock { $0.append(event) }
    }

    func subscribe(userID: UUID, deliver: @escaping @Sendable (TaskEvent) -> Void) -> UUID { UUID() }

    func unsubscribe(userID: UUID, subscription: UUID) {}

    func subscribeAll(deliver: @escaping @Sendable (TaskEvent) -> Void) -> UUID { UUID() }

    func unsubscribeAll(subscription: UUID) {}
}
