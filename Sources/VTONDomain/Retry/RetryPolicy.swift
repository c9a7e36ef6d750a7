/// When to try a provider call again: exponential backoff with jitter, never sooner than the
/// provider asked (`RetryInfo.retryDelay` / `Retry-After`), within a fixed number of attempts.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var initialDelay: Double
    public var multiplier: Double
    public var maxDelay: Double
    public var jitter: Double

    public init(maxAttempts: Int = 5, initialDelay: Double = 1, multiplier: Double = 2, maxDelay: Double = 60, jitter: Double = 1) {
        self.maxAttempts = maxAttempts
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    public func allowsAnotherAttempt(after attempt: Int) -> Bool { attempt < maxAttempts }

    /// Seconds to wait after the given failed attempt (1-based). `randomUnit` is in 0..<1.
    public func delay(afterAttempt attempt: Int, providerHint: Double?, randomUnit: Double) -> Double {
        var exponent = 1.0
        for _ in 1..<max(attempt, 1) { exponent *= multiplier }
        let backoff = min(initialDelay * exponent + jitter * randomUnit, maxDelay)
        guard let providerHint else { return backoff }
        return max(backoff, min(providerHint, maxDelay))
    }
}
