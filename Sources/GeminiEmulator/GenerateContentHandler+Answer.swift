import Foundation
import GeminiClient
import VTONImaging

/// The 200 answers (gemini-rest.md §2.3–§2.5): the drawn image with its thoughts, or one of
/// the ways the service answers without a usable image.
extension GenerateContentHandler {
    static let signature = Base64.encode(Array("emulator-signature".utf8))

    static func produce(_ prepared: Prepared, fault: FaultPlan.Fault?) async throws -> Answer {
        let meter = UsageMeter(model: prepared.model, prompt: prepared.prompt, imageCount: prepared.images.count, seed: prepared.fingerprint)
        switch fault {
        case .safety:
            var answer = answer(prepared, parts: nil, finishReason: nil, usage: meter.usage(answerText: nil, image: nil, thought: false))
            answer.candidates = nil
            answer.promptFeedback = PromptFeedback(blockReason: "PROHIBITED_CONTENT")
            return answer
        case .imageSafety:
            return refusal(
                prepared, meter, "IMAGE_SAFETY",
                "Unable to show the generated image. The image was filtered out because it violated Google's Generative AI Prohibited Use policy. You will not be charged for this request. Try rephrasing the prompt."
            )
        case .imageProhibited:
            return refusal(
                prepared, meter, "IMAGE_PROHIBITED_CONTENT",
                "Unable to show the generated image. The image was filtered out because it contains prohibited content. You will not be charged for this request. Try rephrasing the prompt."
            )
        case .imageOther:
            return refusal(
                prepared, meter, "IMAGE_OTHER",
                "Unable to show the generated image. The model could not generate the image based on the prompt provided. You will not be charged for this request. Try rephrasing the prompt."
            )
        case .noImage:
            return refusal(prepared, meter, "NO_IMAGE", nil)
        case .textOnly:
            let text = "I can't draw that, but here is a description: \(prepared.prompt.prefix(200))"
            return answer(prepared, parts: [Part(text: text)], finishReason: "STOP", usage: meter.usage(answerText: text, image: nil))
        case .thoughtOnly:
            let thoughts = try await thoughtParts(prepared)
            return answer(prepared, parts: thoughts, finishReason: "STOP", usage: meter.usage(answerText: nil, image: nil))
        default:
            var parts = meter.thinks ? try await thoughtParts(prepared) : []
            let image = try await VipsRuntime.run { try ImageDrawer(request: prepared).final() }
            let text = prepared.wantsText ? "Here is the image you asked for." : nil
            if let text { parts.append(Part(text: text, thoughtSignature: signature)) }
            parts.append(Part(inlineData: InlineData(mimeType: image.mimeType, data: image.data.base64EncodedString()), thoughtSignature: signature))
            return answer(prepared, parts: parts, finishReason: "STOP", usage: meter.usage(answerText: text, image: prepared.size))
        }
    }

    /// A summary of the model's reasoning and one interim image; thoughts carry no signature (§2.4).
    static func thoughtParts(_ prepared: Prepared) async throws -> [Part] {
        let draft = try await VipsRuntime.run { try ImageDrawer(request: prepared).thought() }
        return [
            Part(text: "**Composing the scene**\n\nLaying out the subject and the references, then checking the composition.", thought: true),
            Part(inlineData: InlineData(mimeType: draft.mimeType, data: draft.data.base64EncodedString()), thought: true),
        ]
    }

    /// An empty candidate with a non-STOP finish reason; the model thought before it gave up.
    static func refusal(_ prepared: Prepared, _ meter: UsageMeter, _ reason: String, _ message: String?) -> Answer {
        var answer = answer(prepared, parts: nil, finishReason: reason, usage: meter.usage(answerText: nil, image: nil))
        answer.candidates?[0].finishMessage = message
        return answer
    }

    static func answer(_ prepared: Prepared, parts: [Part]?, finishReason: String?, usage: Usage) -> Answer {
        Answer(
            candidates: [Candidate(content: Content(role: "model", parts: parts), finishReason: finishReason, index: 0)], promptFeedback: nil,
            usageMetadata: usage, modelVersion: prepared.model.id, responseId: responseID())
    }

    static func responseID() -> String {
        String((0..<22).map { _ in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".randomElement()! })
    }
}
