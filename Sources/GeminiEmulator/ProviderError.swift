import GeminiClient

/// Errors in the service's own envelope and wording (gemini-rest.md §4).
struct ProviderError: Error {
    let httpStatus: Int
    let envelope: ErrorEnvelope

    init(_ httpStatus: Int, _ status: String, _ message: String, details: [ErrorDetail]? = nil) {
        self.httpStatus = httpStatus
        self.envelope = ErrorEnvelope(error: ErrorStatus(code: httpStatus, message: message, status: status, details: details))
    }

    static func invalidArgument(_ message: String, field: String? = nil) -> ProviderError {
        let details = field.map {
            [ErrorDetail(type: "type.googleapis.com/google.rpc.BadRequest", fieldViolations: [FieldViolation(field: $0, description: message)])]
        }
        return ProviderError(400, "INVALID_ARGUMENT", message, details: details)
    }

    static let missingKey = ProviderError(
        403, "PERMISSION_DENIED",
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."
    )

    static let invalidKey = ProviderError(
        400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
        details: [ErrorDetail(type: "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com")])

    static func modelNotFound(_ model: String, version: String) -> ProviderError {
        ProviderError(
            404, "NOT_FOUND",
            "models/\(model) is not found for API version \(version), or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods."
        )
    }

    static let notFound = ProviderError(404, "NOT_FOUND", "Requested entity was not found.")

    static func injected(_ status: Int) -> ProviderError {
        switch status {
        case 429:
            ProviderError(
                429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details. Please retry in 1s.",
                details: [ErrorDetail(type: "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "1s")])
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
