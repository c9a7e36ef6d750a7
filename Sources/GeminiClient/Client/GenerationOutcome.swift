import Foundation

public struct GeneratedImage: Sendable, Equatable {
    public let mimeType: String
    public let data: Data

    public init(mimeType: String, data: Data) {
        self.mimeType = mimeType
        self.data = data
    }
}

/// A 200 answer: what it meant, and what the provider will bill for it.
public struct GenerationReply: Sendable, Equatable {
    public let outcome: GenerationOutcome
    public let usage: UsageMetadata?

    public init(outcome: GenerationOutcome, usage: UsageMetadata?) {
        self.outcome = outcome
        self.usage = usage
    }

    public init(_ response: GenerateContentResponse) throws(GeminiError) {
        self.init(outcome: try GenerationOutcome(response), usage: response.usageMetadata)
    }
}

/// What a 200 answer meant: images, a safety block, or an answer without an image.
public enum GenerationOutcome: Sendable, Equatable {
    case images([GeneratedImage], text: String?)
    case blocked(reason: String, message: String?)
    case noImage(finishReason: String?, text: String?)

    static let blockingFinishReasons: Set<String> = [
        "SAFETY", "IMAGE_SAFETY", "PROHIBITED_CONTENT", "IMAGE_PROHIBITED_CONTENT", "BLOCKLIST", "SPII",
        "RECITATION", "IMAGE_RECITATION",
    ]

    /// Thought parts are reasoning, not the answer; the answer is every other image part. When
    /// the model stopped at its thoughts, the last thought image is the best it drew.
    public init(_ response: GenerateContentResponse) throws(GeminiError) {
        if let reason = response.promptFeedback?.blockReason {
            self = .blocked(reason: reason, message: nil)
            return
        }
        guard let candidate = response.candidates?.first else {
            self = .noImage(finishReason: nil, text: nil)
            return
        }
        let parts = candidate.content?.parts ?? []
        let answerParts = parts.filter { $0.thought != true }
        let text = answerParts.compactMap(\.text).joined(separator: "\n")
        let textOrNil = text.isEmpty ? nil : text
        if let reason = candidate.finishReason, Self.blockingFinishReasons.contains(reason) {
            self = .blocked(reason: reason, message: candidate.finishMessage)
            return
        }
        let answerImages = answerParts.filter { $0.inlineData != nil }
        let lastThoughtImage = parts.last { $0.thought == true && $0.inlineData != nil }
        let imageParts = answerImages.isEmpty ? (lastThoughtImage.map { [$0] } ?? []) : answerImages
        var images: [GeneratedImage] = []
        for part in imageParts {
            guard let inline = part.inlineData else { continue }
            guard let bytes = Base64.decode(inline.data) else {
                throw .malformedResponse("inlineData.data is not base64")
            }
            images.append(GeneratedImage(mimeType: inline.mimeType, data: bytes))
        }
        self = images.isEmpty ? .noImage(finishReason: candidate.finishReason, text: textOrNil) : .images(images, text: textOrNil)
    }
}
