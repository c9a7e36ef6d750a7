import Foundation

public struct GeneratedImage: Sendable, Equatable {
    public let mimeType: String
    public let data: Data

    public init(mimeType: String, data: Data) {
        self.mimeType = mimeType
        self.data = data
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

    /// Thought parts are reasoning, not the answer; the answer is every other image part.
    public init(_ response: GenerateContentResponse) throws(GeminiError) {
        if let reason = response.promptFeedback?.blockReason {
            self = .blocked(reason: reason, message: nil)
            return
        }
        guard let candidate = response.candidates?.first else {
            self = .noImage(finishReason: nil, text: nil)
            return
        }
        let answerParts = (candidate.content?.parts ?? []).filter { $0.thought != true }
        let text = answerParts.compactMap(\.text).joined(separator: "\n")
        let textOrNil = text.isEmpty ? nil : text
        if let reason = candidate.finishReason, Self.blockingFinishReasons.contains(reason) {
            self = .blocked(reason: reason, message: candidate.finishMessage)
            return
        }
        var images: [GeneratedImage] = []
        for part in answerParts {
            guard let inline = part.inlineData else { continue }
            guard let bytes = Base64.decode(inline.data) else {
                throw .malformedResponse("inlineData.data is not base64")
            }
            images.append(GeneratedImage(mimeType: inline.mimeType, data: bytes))
        }
        self = images.isEmpty ? .noImage(finishReason: candidate.finishReason, text: textOrNil) : .images(images, text: textOrNil)
    }
}
