/// When and how soon a failed call is tried again, as AWS's SDKs do: only a call that can be
/// repeated without changing the outcome, only after a failure the server or the network may not
/// repeat (S3 answers 500 and 503 `SlowDown` under load and expects them retried), a few times, each
/// pause drawn at random below a ceiling that doubles up to a cap ("full jitter"), so clients that
/// failed together do not all come back at the same instant. The call's deadline bounds it all.
public struct S3Retry: Sendable, Equatable {
    /// Tries in all, the first one included.
    public var maxAttempts = 4
    public var baseDelay: Duration = .milliseconds(200)
    public var maxDelay: Duration = .seconds(5)

    public init() {}

    /// The longest pause after failed attempt `attempt` (1 for the first): the base doubled each
    /// time, up to the cap.
    func ceiling(after attempt: Int) -> Duration {
        min(maxDelay, baseDelay * (1 << min(max(attempt - 1, 0), 30)))
    }

    func delay(after attempt: Int) -> Duration {
        ceiling(after: attempt) * Double.random(in: 0...1)
    }

    /// Whether the same request may meet a different answer: the server's own trouble or
    /// throttling, or a connection that failed; not a refusal, a deadline, a cap or a bad answer.
    static func isTransient(_ failure: S3Error) -> Bool {
        switch failure {
        case .transport: true
        case .refused(_, let status, let code, _):
            [500, 502, 503, 504, 429].contains(status) || ["SlowDown", "InternalError", "RequestTimeout", "ServiceUnavailable"].contains(code)
        case .timedOut, .tooLarge, .malformed: false
        }
    }
}
