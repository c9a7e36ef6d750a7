/// The service's two kinds of 429 (gemini-rest.md §4.2): a quota that is used up for now, and a
/// quota of zero — a key without billing asking for a model with no free tier — which no wait
/// will lift, so it carries no RetryInfo.
extension ProviderError {
    static let rateLimitsURL = "https://ai.google.dev/gemini-api/docs/rate-limits"
    static let quotaHelp = RPCDetail.help(description: "Learn more about Gemini API quotas", url: rateLimitsURL)

    static func rateLimited(model: String) -> ProviderError {
        let violation = RPCDetail.QuotaViolation(
            quotaMetric: "generativelanguage.googleapis.com/generate_content_paid_tier_requests",
            quotaId: "GenerateRequestsPerMinutePerProjectPerModel", quotaDimensions: ["location": "global", "model": model], quotaValue: "10")
        return ProviderError(
            429, "RESOURCE_EXHAUSTED", quotaMessage([violation]) + "\nPlease retry in 1s.",
            details: [.quotaFailure([violation]), quotaHelp, .retryInfo(delay: "1s")])
    }

    static func quotaZero(model: String) -> ProviderError {
        let dimensions = ["location": "global", "model": model]
        let violations = [
            RPCDetail.QuotaViolation(
                quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                quotaId: "GenerateRequestsPerDayPerProjectPerModel-FreeTier", quotaDimensions: dimensions, quotaValue: "0"),
            RPCDetail.QuotaViolation(
                quotaMetric: "generativelanguage.googleapis.com/generate_content_paid_tier_input_token_count",
                quotaId: "GenerateContentPaidTierInputTokensPerModelPerMinute", quotaDimensions: dimensions, quotaValue: "0"),
        ]
        return ProviderError(429, "RESOURCE_EXHAUSTED", quotaMessage(violations), details: [.quotaFailure(violations), quotaHelp])
    }

    private static func quotaMessage(_ violations: [RPCDetail.QuotaViolation]) -> String {
        let lines = violations.map {
            "* Quota exceeded for metric: \($0.quotaMetric), limit: \($0.quotaValue), model: \($0.quotaDimensions["model"] ?? "")"
        }
        return
            "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: \(rateLimitsURL). To monitor your current usage, head to: https://ai.dev/rate-limit. \n"
            + lines.joined(separator: "\n")
    }
}
