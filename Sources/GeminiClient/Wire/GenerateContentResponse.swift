/// `generateContent` response (gemini-rest.md §2.3, §2.5). Enum values stay strings so an
/// unknown finish or block reason decodes instead of failing.
public struct GenerateContentResponse: Codable, Sendable, Equatable {
    public var candidates: [Candidate]?
    public var promptFeedback: PromptFeedback?
    public var usageMetadata: UsageMetadata?
    public var modelVersion: String?
    public var responseId: String?

    public init(
        candidates: [Candidate]? = nil, promptFeedback: PromptFeedback? = nil, usageMetadata: UsageMetadata? = nil,
        modelVersion: String? = nil, responseId: String? = nil
    ) {
        self.candidates = candidates
        self.promptFeedback = promptFeedback
        self.usageMetadata = usageMetadata
        self.modelVersion = modelVersion
        self.responseId = responseId
    }
}

public struct Candidate: Codable, Sendable, Equatable {
    public var content: Content?
    public var finishReason: String?
    public var finishMessage: String?
    public var index: Int?

    public init(content: Content?, finishReason: String?, finishMessage: String? = nil, index: Int? = 0) {
        self.content = content
        self.finishReason = finishReason
        self.finishMessage = finishMessage
        self.index = index
    }
}

public struct PromptFeedback: Codable, Sendable, Equatable {
    public var blockReason: String?

    public init(blockReason: String?) { self.blockReason = blockReason }
}

public struct UsageMetadata: Codable, Sendable, Equatable {
    public var promptTokenCount: Int?
    public var candidatesTokenCount: Int?
    public var thoughtsTokenCount: Int?
    public var totalTokenCount: Int?
    public var promptTokensDetails: [ModalityTokenCount]?
    public var candidatesTokensDetails: [ModalityTokenCount]?

    public init(
        promptTokenCount: Int?, candidatesTokenCount: Int?, thoughtsTokenCount: Int?, totalTokenCount: Int?,
        promptTokensDetails: [ModalityTokenCount]? = nil, candidatesTokensDetails: [ModalityTokenCount]? = nil
    ) {
        self.promptTokenCount = promptTokenCount
        self.candidatesTokenCount = candidatesTokenCount
        self.thoughtsTokenCount = thoughtsTokenCount
        self.totalTokenCount = totalTokenCount
        self.promptTokensDetails = promptTokensDetails
        self.candidatesTokensDetails = candidatesTokensDetails
    }

    /// Output tokens of one modality; nil when the service did not itemise it.
    public func candidatesTokens(_ modality: String) -> Int? {
        candidatesTokensDetails?.first { $0.modality == modality }?.tokenCount
    }
}

public struct ModalityTokenCount: Codable, Sendable, Equatable {
    public var modality: String
    public var tokenCount: Int?

    public init(modality: String, tokenCount: Int?) {
        self.modality = modality
        self.tokenCount = tokenCount
    }
}
