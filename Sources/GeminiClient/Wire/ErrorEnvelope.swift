/// The error body of every non-200 answer (gemini-rest.md §4.1).
public struct ErrorEnvelope: Codable, Sendable, Equatable {
    public var error: ErrorStatus

    public init(error: ErrorStatus) { self.error = error }
}

public struct ErrorStatus: Codable, Sendable, Equatable {
    public var code: Int
    public var message: String
    public var status: String?
    public var details: [ErrorDetail]?

    public init(code: Int, message: String, status: String?, details: [ErrorDetail]? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.details = details
    }

    /// `RetryInfo.retryDelay` in seconds, when the service said how long to wait.
    /// True when the service says the quota itself is zero (a key without billing on a model
    /// with no free tier): waiting will not help, unlike an exhausted non-zero quota.
    public var quotaIsZero: Bool {
        let violations = details?.filter { $0.type.hasSuffix("google.rpc.QuotaFailure") }.flatMap { $0.violations ?? [] } ?? []
        if violations.contains(where: { $0.quotaValue == "0" }) { return true }
        return violations.allSatisfy { $0.quotaValue == nil } && message.contains("limit: 0,")
    }

    public var retryDelaySeconds: Double? {
        details?.lazy.compactMap { detail -> Double? in
            guard detail.type.hasSuffix("google.rpc.RetryInfo"), let delay = detail.retryDelay else { return nil }
            return ProtobufDuration.seconds(delay)
        }.first
    }
}

/// One typed entry of `details`; only the fields VTON Lab reads or the emulator writes.
public struct ErrorDetail: Codable, Sendable, Equatable {
    public var type: String
    public var reason: String?
    public var domain: String?
    public var retryDelay: String?
    public var fieldViolations: [FieldViolation]?
    public var violations: [QuotaViolation]?

    public init(
        type: String, reason: String? = nil, domain: String? = nil, retryDelay: String? = nil, fieldViolations: [FieldViolation]? = nil,
        violations: [QuotaViolation]? = nil
    ) {
        self.type = type
        self.reason = reason
        self.domain = domain
        self.retryDelay = retryDelay
        self.fieldViolations = fieldViolations
        self.violations = violations
    }

    enum CodingKeys: String, CodingKey {
        case type = "@type"
        case reason, domain, retryDelay, fieldViolations, violations
    }
}

/// One entry of `google.rpc.QuotaFailure` (gemini-rest.md §4.1); `quotaValue` is the limit.
public struct QuotaViolation: Codable, Sendable, Equatable {
    public var quotaMetric: String?
    public var quotaId: String?
    public var quotaDimensions: [String: String]?
    public var quotaValue: String?

    public init(quotaMetric: String? = nil, quotaId: String? = nil, quotaDimensions: [String: String]? = nil, quotaValue: String? = nil) {
        self.quotaMetric = quotaMetric
        self.quotaId = quotaId
        self.quotaDimensions = quotaDimensions
        self.quotaValue = quotaValue
    }
}

public struct FieldViolation: Codable, Sendable, Equatable {
    public var field: String
    public var description: String

    public init(field: String, description: String) {
        self.field = field
        self.description = description
    }
}

public enum ProtobufDuration {
    /// Parses a protobuf JSON Duration such as `"17s"` or `"1.500s"`.
    public static func seconds(_ text: String) -> Double? {
        guard text.hasSuffix("s") else { return nil }
        return Double(text.dropLast())
    }
}
