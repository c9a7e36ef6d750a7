import Foundation

/// When a delivery that did not get a 2xx is tried again: after each failed attempt the next
/// delay of the list, and no more attempts once the list is used up. The default follows
/// the Standard Webhooks practice and ends about a day after the first attempt
/// (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 6 h: the eighth and last attempt 23 h 35 min later).
public struct WebhookRetrySchedule: Sendable, Equatable {
    public let delays: [Double]

    public static let standard = WebhookRetrySchedule(delays: [5, 300, 1800, 7200, 18_000, 36_000, 21_600])!

    /// Nil unless every delay is positive and there is at least one.
    public init?(delays: [Double]) {
        guard !delays.isEmpty, delays.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        self.delays = delays
    }

    public var maxAttempts: Int { delays.count + 1 }

    /// Seconds to wait after the given failed attempt (1-based), or nil when it was the last.
    public func delay(afterAttempt attempt: Int) -> Double? {
        delays.indices.contains(attempt - 1) ? delays[attempt - 1] : nil
    }

    /// `"5,300,1800"`: seconds between attempts, as `VTON_WEBHOOK_RETRY_S` gives them.
    public static func parse(_ text: String) -> WebhookRetrySchedule? {
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.allSatisfy({ $0 != nil }) else { return nil }
        return WebhookRetrySchedule(delays: values.compactMap { $0 })
    }
}
