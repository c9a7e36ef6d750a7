/// One typed entry of an error's `details` (gemini-rest.md §4.1), written by the emulator's
/// own types so it can say everything the service says, whatever the client decodes.
enum RPCDetail: Encodable, Sendable {
    case errorInfo(reason: String, domain: String, metadata: [String: String])
    case localizedMessage(String)
    case badRequest(field: String, description: String)
    case quotaFailure([QuotaViolation])
    case help(description: String, url: String)
    case retryInfo(delay: String)

    struct QuotaViolation: Encodable, Sendable {
        let quotaMetric: String
        let quotaId: String
        let quotaDimensions: [String: String]
        let quotaValue: String
    }

    struct Link: Encodable {
        let description: String
        let url: String
    }

    struct FieldViolation: Encodable {
        let field: String
        let description: String
    }

    private enum CodingKeys: String, CodingKey {
        case type = "@type"
        case reason, domain, metadata, locale, message, fieldViolations, violations, links, retryDelay
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let prefix = "type.googleapis.com/google.rpc."
        switch self {
        case .errorInfo(let reason, let domain, let metadata):
            try container.encode(prefix + "ErrorInfo", forKey: .type)
            try container.encode(reason, forKey: .reason)
            try container.encode(domain, forKey: .domain)
            try container.encode(metadata, forKey: .metadata)
        case .localizedMessage(let message):
            try container.encode(prefix + "LocalizedMessage", forKey: .type)
            try container.encode("en-US", forKey: .locale)
            try container.encode(message, forKey: .message)
        case .badRequest(let field, let description):
            try container.encode(prefix + "BadRequest", forKey: .type)
            try container.encode([FieldViolation(field: field, description: description)], forKey: .fieldViolations)
        case .quotaFailure(let violations):
            try container.encode(prefix + "QuotaFailure", forKey: .type)
            try container.encode(violations, forKey: .violations)
        case .help(let description, let url):
            try container.encode(prefix + "Help", forKey: .type)
            try container.encode([Link(description: description, url: url)], forKey: .links)
        case .retryInfo(let delay):
            try container.encode(prefix + "RetryInfo", forKey: .type)
            try container.encode(delay, forKey: .retryDelay)
        }
    }
}
