/// The Standard Webhooks signing scheme (standardwebhooks.com): the signed content is
/// `{webhook-id}.{webhook-timestamp}.{body}`, the signature header `v1,<base64 HMAC-SHA256>`
/// keyed with the bytes that a `whsec_<base64>` secret encodes. The HMAC itself is computed
/// where a crypto library is available (VTONApp); this is the format both sides agree on.
public enum StandardWebhook {
    public static let idHeader = "webhook-id"
    public static let timestampHeader = "webhook-timestamp"
    public static let signatureHeader = "webhook-signature"
    public static let secretPrefix = "whsec_"
    public static let signatureVersion = "v1"

    public static func signedContent(id: String, timestamp: Int, body: String) -> String {
        "\(id).\(timestamp).\(body)"
    }

    /// The base64 key of a `whsec_…` secret, or nil when it has not that form.
    public static func encodedKey(ofSecret secret: String) -> Substring? {
        guard secret.hasPrefix(secretPrefix), secret.count > secretPrefix.count else { return nil }
        return secret.dropFirst(secretPrefix.count)
    }
}
