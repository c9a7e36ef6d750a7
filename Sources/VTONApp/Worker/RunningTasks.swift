import Foundation
import Synchronization

/// The provider calls in flight in this process, so a user's cancel stops its call at once.
public final class RunningTasks: Sendable {
    private let handles = Mutex<[UUID: Task<Void, Never>]>([:])

    public init() {}

    /// Starts `work` and tracks it until it ends. The handle is stored under the lock the
    /// finished work also takes, so it can never be removed before it was added.
    func start(_ id: UUID, _ work: @escaping @Sendable () async -> Void, onFinish: @escaping @Sendable () -> Void) {
        handles.withLock { handles in
            handles[id] = Task {
                await work()
                self.handles.withLock { _ = $0.removeValue(forKey: id) }
                onFinish()
            }
        }
    }

    func cancel(_ id: UUID) { handles.withLock { $0[id] }?.cancel() }
    var ids: [UUID] { handles.withLock { Array($0.keys) } }
    var count: Int { handles.withLock { $0.count } }
}
