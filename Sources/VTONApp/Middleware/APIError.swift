import HTTPTypes
import Hummingbird
import VTONDomain

/// A client-facing failure: `{"detail","code","field"}` with its HTTP status (API.md §5).
public struct APIError: Error, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let detail: String
    public let field: String?
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, code: String, _ detail: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.detail = detail
        self.field = field
    }

    public static func validation(_ error: ValidationError) -> APIError {
        APIError(.unprocessableContent, code: "VALIDATION_ERROR", error.message, field: error.field)
    }

    public static func notFound(_ what: String) -> APIError {
        APIError(.notFound, code: "NOT_FOUND", "\(what) not found")
    }

    public static let unauthorized = APIError(.unauthorized, code: "UNAUTHORIZED", "missing, invalid or expired token")
}

struct ErrorBody: Encodable {
    let detail: String
    let code: String
    let field: String?
}
