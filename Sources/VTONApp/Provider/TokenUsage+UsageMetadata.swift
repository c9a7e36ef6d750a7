import GeminiClient
import VTONDomain

extension TokenUsage {
    /// `usageMetadata` in billing lines. The service sometimes itemises only the IMAGE output
    /// tokens; the rest of `candidatesTokenCount` is text. With no itemisation at all every
    /// output token is counted at the (higher) image rate, so the cost is never understated.
    init(_ metadata: UsageMetadata?) {
        let output = metadata?.candidatesTokenCount ?? 0
        let image = metadata?.candidatesTokens("IMAGE") ?? output
        self.init(
            promptTokens: metadata?.promptTokenCount ?? 0, imageOutputTokens: image, textOutputTokens: max(output - image, 0),
            thoughtTokens: metadata?.thoughtsTokenCount ?? 0)
    }
}
