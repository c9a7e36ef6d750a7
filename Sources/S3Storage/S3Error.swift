/// Why an S3 call failed, as callers act on it: a deadline, the network, an answer that says no,
/// or more bytes than asked for.
public enum S3Error: Error, Sendable, Equatable, CustomStringConvertible {
    case timedOut(operation: String)
    case transport(operation: String, detail: String)
    /// A non-2xx answer, with S3's own error code (`NoSuchBucket`, `AccessDenied`…) when it gave one.
    case refused(operation: String, status: Int, code: String?, message: String?)
    case tooLarge(operation: String, limit: Int)
    /// A 2xx answer without what it should hold (a multipart upload id, a part's ETag).
    case malformed(operation: String, detail: String)

    public var operation: String {
        switch self {
        case .timedOut(let operation), .transport(let operation, _), .refused(let operation, _, _, _), .tooLarge(let operation, _),
            .malformed(let operation, _):
            operation
        }
    }

    public var description: String {
        switch self {
        case .timedOut(let operation): "S3 \(operation): no answer before the deadline"
        case .transport(let operation, let detail): "S3 \(operation): \(detail)"
        case .refused(let operation, let status, let code, let message):
            "S3 \(operation): HTTP \(status)" + (code.map { " \($0)" } ?? "") + (message.map { ": \($0)" } ?? "")
        case .tooLarge(let operation, let limit): "S3 \(operation): the object is larger than \(limit) bytes"
        case .malformed(let operation, let detail): "S3 \(operation): \(detail)"
        }
    }
}
