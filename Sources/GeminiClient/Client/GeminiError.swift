/// Every way a provider call can fail, typed so the worker can decide whether to retry.
public enum GeminiError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A non-200 answer with the service's own status name, message and retry hint.
    case http(status: Int, statusName: String?, message: String, retryDelay: Double?)
    /// A 429 whose quota is zero: the key's project has no billing for this model.
    case quotaZero(message: String)
    /// The request went out and no answer came before the deadline: the provider may still
    /// have generated (and billed) it.
    case timeout
    /// The connection broke after the request went out; as with `timeout`, it may have run.
    case connectionLost(String)
    /// No request reached the provider (no connection could be made).
    case transport(String)
    case responseTooLarge(limit: Int)
    case malformedResponse(String)

    public static let retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    public var isRetryable: Bool {
        switch self {
        case .http(let status, _, _, _): Self.retryableStatuses.contains(status)
        case .timeout, .connectionLost, .transport: true
        case .quotaZero, .responseTooLarge, .malformedResponse: false
        }
    }

    /// An attempt whose fate is unknown: the provider may have done, and billed, the work.
    public var mayHaveBeenBilled: Bool {
        switch self {
        case .timeout, .connectionLost: true
        default: false
        }
    }

    public var retryDelay: Double? {
        if case .http(_, _, _, let delay) = self { return delay }
        return nil
    }

    public var description: String {
        switch self {
        case .http(let status, let name, let message, _): "HTTP \(status) \(name ?? ""): \(message)"
        case .quotaZero(let message): "HTTP 429 RESOURCE_EXHAUSTED with a quota of 0: \(message)"
        case .timeout: "the provider did not answer in time"
        case .connectionLost(let reason): "the connection to the provider broke during the call: \(reason)"
        case .transport(let reason): "connection to the provider failed: \(reason)"
        case .responseTooLarge(let limit): "the provider's answer exceeded \(limit) bytes"
        case .malformedResponse(let reason): "the provider's answer could not be read: \(reason)"
        }
    }
}
