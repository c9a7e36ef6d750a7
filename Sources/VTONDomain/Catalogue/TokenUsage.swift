/// What one provider answer used, as the provider itemises it in `usageMetadata`
/// (gemini-rest.md §2.3): everything the model read, the image it drew, and the text and
/// thinking it produced, which are billed at the text rate whether or not they are returned.
public struct TokenUsage: Sendable, Hashable, Codable {
    public var promptTokens: Int
    public var imageOutputTokens: Int
    public var textOutputTokens: Int
    public var thoughtTokens: Int

    public init(promptTokens: Int = 0, imageOutputTokens: Int = 0, textOutputTokens: Int = 0, thoughtTokens: Int = 0) {
        self.promptTokens = promptTokens
        self.imageOutputTokens = imageOutputTokens
        self.textOutputTokens = textOutputTokens
        self.thoughtTokens = thoughtTokens
    }

    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(
            promptTokens: lhs.promptTokens + rhs.promptTokens, imageOutputTokens: lhs.imageOutputTokens + rhs.imageOutputTokens,
            textOutputTokens: lhs.textOutputTokens + rhs.textOutputTokens, thoughtTokens: lhs.thoughtTokens + rhs.thoughtTokens)
    }
}

/// A model's list prices per million tokens, in micro-US-dollars (gemini-rest.md §3.3).
/// Batch is half of every line.
public struct TokenRates: Sendable, Hashable {
    public let input: Int
    public let textOutput: Int
    public let imageOutput: Int

    public init(input: Int, textOutput: Int, imageOutput: Int) {
        self.input = input
        self.textOutput = textOutput
        self.imageOutput = imageOutput
    }

    /// The provider's charge for one answer, rounded to the nearest micro-dollar.
    public func costMicroUSD(_ usage: TokenUsage, batch: Bool) -> Int {
        let perMillion =
            usage.promptTokens * input + usage.imageOutputTokens * imageOutput
            + (usage.textOutputTokens + usage.thoughtTokens) * textOutput
        let full = (perMillion + 500_000) / 1_000_000
        return batch ? (full + 1) / 2 : full
    }
}
