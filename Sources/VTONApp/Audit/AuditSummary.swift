import Foundation
import VTONDomain

/// A short description of a request body for the audit log: field names with shortened
/// values, secrets replaced, never more than `AuditEntry.maxSummaryLength` characters; and the
/// username a login or sign-up names, so failed attempts are found by user.
struct AuditSummary {
    let text: String
    let claimedUsername: String?

    /// Keys whose values are never written, whatever their case or position in a name.
    static let secretMarkers = ["password", "secret", "token", "key", "authorization", "credential"]
    private static let secretMarkerBytes = secretMarkers.map { Array($0.utf8) }
    static let maxValueLength = 40

    /// `body` is the JSON body when it was small enough to read; otherwise only its type and size are told.
    static func of(body: Data?, contentType: String?, length: Int?) -> AuditSummary {
        guard let body else {
            let type = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type else { return AuditSummary(text: length.map { "\($0) bytes" } ?? "", claimedUsername: nil) }
            return AuditSummary(text: length.map { "\(type), \($0) bytes" } ?? type, claimedUsername: nil)
        }
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            return AuditSummary(text: "JSON, \(body.count) bytes", claimedUsername: nil)
        }
        // A NUL in the body is refused by the decoder, after this summary is taken: it must not
        // reach the log's text columns, where PostgreSQL would refuse the whole batch of rows.
        let claimed = (object["username"] as? String).map { visible(String($0.prefix(64))) }
        return AuditSummary(text: visible(clip(describe(object))), claimedUsername: claimed)
    }

    private static func visible(_ text: String) -> String {
        NULText.holds(text) ? text.replacingOccurrences(of: "\0", with: "\u{FFFD}") : text
    }

    static func describe(_ object: [String: Any]) -> String {
        let fields = object.keys.sorted().map { key -> String in
            let value = isSecret(key) ? "***" : describe(value: object[key]!)
            return "\(key)=\(value)"
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    static func describe(value: Any) -> String {
        switch value {
        case let text as String:
            if text.hasPrefix("data:") { return "data URL (\(text.utf8.count) bytes)" }
            return text.count > maxValueLength ? "\"\(text.prefix(maxValueLength))…\"" : "\"\(text)\""
        case let list as [Any]: return "[\(list.count) item\(list.count == 1 ? "" : "s")]"
        case let nested as [String: Any]: return describe(nested)
        case is NSNull: return "null"
        default: return "\(value)"
        }
    }

    static func isSecret(_ key: String) -> Bool {
        let lowered = key.lowercased()
        guard lowered != "idempotency_key" else { return false }
        return secretMarkerBytes.contains { lowered.utf8.containsBytes($0) }
    }

    static func clip(_ text: String) -> String {
        text.count > AuditEntry.maxSummaryLength ? String(text.prefix(AuditEntry.maxSummaryLength - 1)) + "…" : text
    }
}
