/// Every way a provider call can fail, typed so the worker can decide whether to retry.
public enum GeminiError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A non-200 answer with the service's own status name, message and retry hint.
    case http(status: Int, statusName: String?, message: String, retryDelay: Double?)
    case timeout
    case transport(String)
    case responseTooLarge(limit: Int)
    case malformedResponse(String)

    public static let retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    public var isRetryable: Bool {
        switch self {
        case .http(let status, _, _, _): Self.retryableStatuses.contains(status)
        case .timeout, .transport: true
        case .responseTooLarge, .malformedResponse: false
        }
    }

    public var retryDelay: Double? {
        if case .http(_, _, _, let delay) = self { return delay }
        return nil
    }

    public var description: String {
        switch self {
        case .http(let status, let name, let message, _): "HTTP \(status) \(name ?? ""): \(message)"
        case .timeout: "the provider did not answer in time"
        case .transport(let reason): "connection to the provider failed: \(reason)"
        case .responseTooLarge(let limit): "the provider's answer exceeded \(limit) bytes"
        case .malformedResponse(let reason): "the provider's answer could not be read: \(reason)"
        }
    }
}
