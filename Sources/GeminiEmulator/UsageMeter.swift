import GeminiClient
import VTONDomain

/// The token arithmetic of `usageMetadata` (gemini-rest.md §2.3, §3.2): what the model read,
/// the image and text it answered with, and its thinking, which is billed whether or not the
/// thoughts are returned.
struct UsageMeter {
    let model: ImageModel
    let prompt: String
    let imageCount: Int
    /// Decides the thinking count, so one request always reports the same usage.
    let seed: UInt64

    /// Text is about four characters a token.
    static func textTokens(_ text: String) -> Int { max(1, (text.count + 3) / 4) }

    /// Gemini 3 Pro Image reads an input image as 560 tokens; the others as ordinary vision input.
    var tokensPerInputImage: Int { model.id.contains("-pro-") || model.id.hasPrefix("nano-banana-pro") ? 560 : 258 }

    var thinks: Bool { Self.thinks(model) }

    static func thinks(_ model: ImageModel) -> Bool {
        model.id.hasPrefix("gemini-3") || model.id.hasPrefix("nano-banana") || model.id.hasPrefix("gemini-nano")
    }

    /// 150…400 thinking tokens, fixed by the request.
    var thoughtTokens: Int { thinks ? 150 + Int(seed % 251) : 0 }

    /// Usage of an answer with `answerText` (not thoughts) and, if `image` is set, the image at that size.
    func usage(answerText: String?, image: ImageSize?, thought: Bool = true) -> Usage {
        let textIn = Self.textTokens(prompt)
        let imagesIn = imageCount * tokensPerInputImage
        var promptDetails = [ModalityTokenCount(modality: "TEXT", tokenCount: textIn)]
        if imagesIn > 0 { promptDetails.append(ModalityTokenCount(modality: "IMAGE", tokenCount: imagesIn)) }
        let imageOut = image.map(model.outputTokens(size:)) ?? 0
        let textOut = answerText.map(Self.textTokens) ?? 0
        var candidateDetails: [ModalityTokenCount] = []
        if textOut > 0 { candidateDetails.append(ModalityTokenCount(modality: "TEXT", tokenCount: textOut)) }
        if imageOut > 0 { candidateDetails.append(ModalityTokenCount(modality: "IMAGE", tokenCount: imageOut)) }
        let thoughts = thought ? thoughtTokens : 0
        let candidates = imageOut + textOut
        return Usage(
            promptTokenCount: textIn + imagesIn, candidatesTokenCount: candidates == 0 ? nil : candidates,
            thoughtsTokenCount: thoughts == 0 ? nil : thoughts, totalTokenCount: textIn + imagesIn + candidates + thoughts,
            promptTokensDetails: promptDetails, candidatesTokensDetails: candidateDetails.isEmpty ? nil : candidateDetails)
    }
}
