import HTTPTypes

/// Header names the API reads or writes beyond the standard ones, parsed once rather than on
/// every request.
extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    /// The seed's alternative to `Authorization: Bearer` (API.md §1).
    static let token = HTTPField.Name("token")!
}
