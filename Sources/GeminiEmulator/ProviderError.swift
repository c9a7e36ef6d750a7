/// Errors in the service's own envelope and wording (gemini-rest.md §4).
struct ProviderError: Error, Sendable {
    let httpStatus: Int
    let status: String
    let message: String
    let details: [RPCDetail]

    init(_ httpStatus: Int, _ status: String, _ message: String, details: [RPCDetail] = []) {
        self.httpStatus = httpStatus
        self.status = status
        self.message = message
        self.details = details
    }

    /// `{"error": {code, message, status, details}}`; proto3 JSON leaves an empty list out.
    var envelope: Envelope {
        Envelope(error: .init(code: httpStatus, message: message, status: status, details: details.isEmpty ? nil : details))
    }

    struct Envelope: Encodable {
        struct Body: Encodable {
            let code: Int
            let message: String
            let status: String
            let details: [RPCDetail]?
        }

        let error: Body
    }

    /// The gRPC number a batch result carries instead of the HTTP status (§4.1).
    var grpcCode: Int {
        switch httpStatus {
        case 400: status == "FAILED_PRECONDITION" ? 9 : 3
        case 403: 7
        case 404: 5
        case 409: 6
        case 429: 8
        case 503: 14
        case 504: 4
        default: 13
        }
    }

    static func invalidArgument(_ message: String, field: String? = nil) -> ProviderError {
        ProviderError(400, "INVALID_ARGUMENT", message, details: field.map { [.badRequest(field: $0, description: message)] } ?? [])
    }

    static let missingKey = ProviderError(
        403, "PERMISSION_DENIED",
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."
    )

    static let invalidKey: ProviderError = {
        let message = "API key not valid. Please pass a valid API key."
        return ProviderError(
            400, "INVALID_ARGUMENT", message,
            details: [
                .errorInfo(reason: "API_KEY_INVALID", domain: "googleapis.com", metadata: ["service": "generativelanguage.googleapis.com"]),
                .localizedMessage(message),
            ])
    }()

    /// What the service says for an unknown, shut-down or withheld model; `method` names the call.
    static func modelNotFound(_ model: String, version: String, method: String = "generateContent") -> ProviderError {
        ProviderError(
            404, "NOT_FOUND",
            "models/\(model) is not found for API version \(version), or is not supported for \(method). Call ListModels to see the list of available models and their supported methods."
        )
    }

    static let notFound = ProviderError(404, "NOT_FOUND", "Requested entity was not found.")

    static func injected(_ status: Int, model: String) -> ProviderError {
        switch status {
        case 429: rateLimited(model: model)
        case 500:
            ProviderError(
                500, "INTERNAL",
                "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting")
        case 503: ProviderError(503, "UNAVAILABLE", "The model is overloaded. Please try again later.")
        case 504: ProviderError(504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete.")
        case 403: ProviderError(403, "PERMISSION_DENIED", "The caller does not have permission.")
        case 404: notFound
        default: invalidArgument("Request contains an invalid argument.")
        }
    }
}
