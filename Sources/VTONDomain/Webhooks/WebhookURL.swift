import Foundation

/// Where a task's webhook goes, checked before the task is written. Only `https` URLs with a
/// host and no credentials are taken; plain `http` only to a loopback host, and only when the
/// operator allows loopback receivers (`VTON_WEBHOOK_ALLOW_LOOPBACK`, for development, tests and
/// benchmarks). Which addresses a host resolves to is checked again before every delivery.
public struct WebhookURL: Sendable, Equatable {
    public let value: String
    public let host: String
    public let isHTTPS: Bool

    public static let maxLength = 2048
    static let loopbackNames: Set<String> = ["localhost", "::1", "[::1]"]

    public static func validate(_ raw: String, field: String, allowLoopback: Bool) throws(ValidationError) -> WebhookURL {
        guard raw.utf8.count <= maxLength else { throw ValidationError(field: field, "must be at most \(maxLength) bytes") }
        guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(), !host.isEmpty else {
            throw ValidationError(field: field, "must be an absolute https URL")
        }
        guard url.user == nil, url.password == nil else { throw ValidationError(field: field, "must not carry credentials") }
        let loopback = isLoopbackName(host)
        switch scheme {
        case "https": break
        case "http" where allowLoopback && loopback: break
        case "http":
            let allowed = allowLoopback ? " (plain http only to a loopback host)" : ""
            throw ValidationError(field: field, "must use https\(allowed)")
        default: throw ValidationError(field: field, "must use https, not \(scheme)")
        }
        if loopback, !allowLoopback {
            throw ValidationError(field: field, "\(host) is a loopback host; webhooks go to public addresses only")
        }
        return WebhookURL(value: raw, host: host, isHTTPS: scheme == "https")
    }

    /// `localhost`, `::1` and 127.0.0.0/8 written as a literal.
    static func isLoopbackName(_ host: String) -> Bool {
        if loopbackNames.contains(host) { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
