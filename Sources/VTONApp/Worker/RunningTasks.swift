import Foundation
import Synchronization

/// The provider calls in flight in this process: how many, which (their leases are renewed),
/// and a way to stop one at once when its user cancels the task.
public final class RunningTasks: Sendable {
    private struct Call {
        var handle: Task<Void, Never>?
        var cancelled = false
    }

    private let calls = Mutex<[UUID: Call]>([:])

    public init() {}

    /// Counts the task as running from now, before its work starts, so the worker never takes
    /// more tasks than it has room for.
    func admit(_ id: UUID) { calls.withLock { $0[id] = Call() } }

    /// Runs the admitted task's `work` until it ends, is cancelled by `cancel(id)` or the
    /// caller is cancelled.
    func run(_ id: UUID, _ work: @escaping @Sendable () async -> Void) async {
        let handle = Task { await work() }
        let cancelledBeforeStart = calls.withLock { calls in
            calls[id, default: Call()].handle = handle
            return calls[id]?.cancelled ?? false
        }
        if cancelledBeforeStart { handle.cancel() }
        await withTaskCancellationHandler {
            await handle.value
        } onCancel: {
            handle.cancel()
        }
        calls.withLock { _ = $0.removeValue(forKey: id) }
    }

    func cancel(_ id: UUID) {
        let handle = calls.withLock { calls -> Task<Void, Never>? in
            calls[id]?.cancelled = true
            return calls[id]?.handle
        }
        handle?.cancel()
    }

    var ids: [UUID] { calls.withLock { Array($0.keys) } }
    var count: Int { calls.withLock { $0.count } }
}
