import Foundation
import VTONDomain
import VTONPersistence

/// A queued task's place and wait: the tasks ahead of it in its lane, this process's recent
/// run times and workers for the realtime queue, the pool's age and size for economy.
struct QueueEstimator: Sendable {
    let tasks: any TaskRepository
    let durations: RunDurations
    let workers: Int
    let economyMaxSize: Int
    let economyMaxAgeSeconds: Double

    /// Nil unless the task waits in a queue (a batch prompt, or an economy task already sent, waits at the provider).
    func estimate(for task: ImageTask, now: Date = Date()) async throws -> QueueEstimate? {
        guard task.status == .queued, task.batchID == nil, task.priority != .batch else { return nil }
        let ahead = try await tasks.queuedAhead(of: task)
        guard task.priority == .economy else {
            return .realtime(ahead: ahead, workers: workers, runSeconds: durations.typicalSeconds)
        }
        let oldest = try await tasks.economyPool(limit: 1).first?.createdAt
        return .economy(ahead: ahead, oldestCreatedAt: oldest, maxSize: economyMaxSize, maxAgeSeconds: economyMaxAgeSeconds, now: now)
    }
}
