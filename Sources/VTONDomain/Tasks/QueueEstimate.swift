import Foundation

/// Where a queued task stands and about when it gets its turn: in the realtime queue, when a
/// worker takes it; in the economy pool, when the pool is sent as a batch (what the provider
/// then takes is up to it: hours at most).
public struct QueueEstimate: Sendable, Equatable {
    public enum Lane: String, Sendable, CaseIterable {
        case realtime
        case economy
    }

    public let lane: Lane
    /// 1 for the next task; counts the tasks submitted before it (fair share may take it sooner).
    public let position: Int
    public let etaSeconds: Int

    public init(lane: Lane, position: Int, etaSeconds: Int) {
        self.lane = lane
        self.position = position
        self.etaSeconds = etaSeconds
    }

    /// `ahead` tasks go first, `workers` at a time, each taking about `runSeconds`; this task
    /// starts with the wave after theirs.
    public static func realtime(ahead: Int, workers: Int, runSeconds: Double) -> QueueEstimate {
        let waves = Double(ahead / max(workers, 1))
        return QueueEstimate(lane: .realtime, position: ahead + 1, etaSeconds: Int((waves * runSeconds).rounded(.up)))
    }

    /// The pool is sent when it holds `maxSize` tasks or its oldest has waited `maxAgeSeconds`.
    public static func economy(ahead: Int, oldestCreatedAt: Date?, maxSize: Int, maxAgeSeconds: Double, now: Date) -> QueueEstimate {
        let full = ahead + 1 >= maxSize
        let sentAt = (oldestCreatedAt ?? now).addingTimeInterval(maxAgeSeconds)
        let eta = full ? 0 : max(0, sentAt.timeIntervalSince(now))
        return QueueEstimate(lane: .economy, position: ahead + 1, etaSeconds: Int(eta.rounded(.up)))
    }
}
