import Foundation
import Synchronization

/// What the listening connection was told, handed over in batches: everything that arrived
/// while the reader was busy reading the previous batch's rows comes as one.
public final class AnnouncedEvents: Sendable {
    private struct State {
        var pending: [NotifiedEvent] = []
        var end: (any Error)?
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    init() {}

    func add(_ event: NotifiedEvent) {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.pending.append(event)
            return state.waiter.take()
        }?.resume()
    }

    func end(_ error: any Error) {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.end == nil { state.end = error }
            return state.waiter.take()
        }?.resume()
    }

    /// Every event announced since the last call, waiting for one; throws once the connection
    /// is lost (after what came before it) or the caller is cancelled.
    public func next() async throws -> [NotifiedEvent] {
        while true {
            let taken = try state.withLock { state -> [NotifiedEvent] in
                if !state.pending.isEmpty {
                    defer { state.pending.removeAll(keepingCapacity: true) }
                    return state.pending
                }
                if let end = state.end { throw end }
                return []
            }
            if !taken.isEmpty { return taken }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let ready = state.withLock { state -> Bool in
                        guard state.pending.isEmpty, state.end == nil else { return true }
                        state.waiter = continuation
                        return false
                    }
                    if ready { continuation.resume() }
                }
            } onCancel: {
                end(CancellationError())
            }
        }
    }
}
