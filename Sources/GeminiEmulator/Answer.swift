import GeminiClient

/// A `generateContent` answer as the service writes it (gemini-rest.md §2.3, §2.5). The
/// emulator keeps its own top level so `usageMetadata` can carry every field the service
/// sends, not only those the client reads; candidates and parts are the client's types.
/// Decodable too: batch results are read back from disk to be served.
struct Answer: Codable, Sendable {
    var candidates: [Candidate]?
    var promptFeedback: PromptFeedback?
    var usageMetadata: Usage
    var modelVersion: String
    var responseId: String
}

/// `usageMetadata`; zero counts and empty lists are left out, as proto3 JSON does.
struct Usage: Codable, Sendable, Equatable {
    var promptTokenCount: Int
    var candidatesTokenCount: Int?
    var thoughtsTokenCount: Int?
    var totalTokenCount: Int
    var promptTokensDetails: [ModalityTokenCount]?
    var candidatesTokensDetails: [ModalityTokenCount]?
}
