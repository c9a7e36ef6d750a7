import Foundation

/// A user's task limits: per minute submitted and at once unfinished.
public struct TaskQuota: Sendable, Equatable {
    public var perMinute: Int
    public var inFlight: Int

    public init(perMinute: Int, inFlight: Int) {
        self.perMinute = perMinute
        self.inFlight = inFlight
    }

    /// The most generous of the user's roles, each falling back to `defaults`.
    public static func of(roles: [Role], defaults: TaskQuota) -> TaskQuota {
        guard !roles.isEmpty else { return defaults }
        return TaskQuota(
            perMinute: roles.map { $0.tasksPerMinute ?? defaults.perMinute }.max() ?? defaults.perMinute,
            inFlight: roles.map { $0.maxTasksInFlight ?? defaults.inFlight }.max() ?? defaults.inFlight)
    }

    /// Why `count` more tasks may not be submitted now, and when to try again.
    public func refusal(adding count: Int, usage: SubmissionUsage, now: Date) -> QuotaRefusal? {
        if usage.submittedLastMinute + count > perMinute {
            let window = SubmissionUsage.window
            let wait = usage.oldestInWindow.map { Int(($0.addingTimeInterval(window).timeIntervalSince(now)).rounded(.up)) } ?? Int(window)
            return QuotaRefusal(
                message: "at most \(perMinute) tasks per minute may be submitted", retryAfterSeconds: max(1, min(Int(window), wait)))
        }
        if usage.inFlight + count > inFlight {
            return QuotaRefusal(message: "at most \(inFlight) tasks may be queued or running at once; wait for some to finish", retryAfterSeconds: 5)
        }
        return nil
    }
}

/// What a user has submitted lately, as the quota counts it.
public struct SubmissionUsage: Sendable, Equatable {
    /// How far back `submittedLastMinute` counts: the per-minute quota's minute.
    public static let window: TimeInterval = 60

    public var submittedLastMinute: Int
    /// The oldest submission of the last minute: when it leaves the window, one more fits.
    public var oldestInWindow: Date?
    /// Queued and running now.
    public var inFlight: Int

    public init(submittedLastMinute: Int, oldestInWindow: Date?, inFlight: Int) {
        self.submittedLastMinute = submittedLastMinute
        self.oldestInWindow = oldestInWindow
        self.inFlight = inFlight
    }

    /// Counts tasks admitted since this was read, in the same transaction.
    public mutating func add(_ count: Int, at date: Date) {
        submittedLastMinute += count
        inFlight += count
        oldestInWindow = min(oldestInWindow ?? date, date)
    }
}

/// Tasks refused by a quota: the API answers 429 with `Retry-After`.
public struct QuotaRefusal: Error, Sendable, Equatable {
    public let message: String
    public let retryAfterSeconds: Int

    public init(message: String, retryAfterSeconds: Int) {
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }
}
