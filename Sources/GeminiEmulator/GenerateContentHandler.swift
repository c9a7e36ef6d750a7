import Foundation
import GeminiClient
import Hummingbird
import ServiceLifecycle
import VTONDomain
import VTONImaging

/// Answers `models/{model}:generateContent` the way the service does (gemini-rest.md §2–§4).
struct GenerateContentHandler: Sendable {
    let configuration: EmulatorConfiguration
    let journal: RequestJournal
    static let acceptedMimeTypes: Set<String> = ["image/png", "image/jpeg", "image/webp", "image/heic", "image/heif"]

    /// What one request asks for, once it passed validation.
    struct Prepared: Sendable {
        let model: ImageModel
        let prompt: String
        let images: [Data]
        let aspectRatio: String
        let size: ImageSize
        let modalities: [String]?
    }

    func respond(model modelID: String, version: String, body: Data) async throws -> Response {
        guard let model = ModelCatalogue.model(id: modelID) else { throw ProviderError.modelNotFound(modelID, version: version) }
        let request = try Self.decode(body)
        let prepared = try Self.prepare(request, model: model)
        await journal.record(.init(model: model.id, request: request))
        let fault = await fault(for: prepared.prompt)
        switch fault {
        case .hang:
            // Never answers, but gives way when the server shuts down.
            try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
            throw CancellationError()
        case .status(let status):
            throw ProviderError.injected(status)
        default:
            // The latency is the whole answer time, drawing and encoding included, as with the
            // real model: work done after the sleep made calls slower than asked, and 32 answers
            // due at once queued behind each other's encoding.
            let due = ContinuousClock.now + .milliseconds(configuration.latencyMilliseconds)
            let response = try EmulatorServer.json(try await Self.produce(prepared, fault: fault))
            try await Task.sleep(until: due, clock: .continuous)
            return response
        }
    }

    /// The answer to a valid request under a 200-level fault (or none): a block, an empty
    /// candidate, or the drawn image.
    static func produce(_ prepared: Prepared, fault: FaultPlan.Fault?) async throws -> GenerateContentResponse {
        let model = prepared.model
        switch fault {
        case .safety:
            return GenerateContentResponse(
                promptFeedback: PromptFeedback(blockReason: "PROHIBITED_CONTENT"),
                usageMetadata: UsageMetadata(promptTokenCount: 9, candidatesTokenCount: nil, thoughtsTokenCount: nil, totalTokenCount: 9),
                modelVersion: model.id, responseId: responseID())
        case .imageSafety:
            return emptyCandidate(model: model, finishReason: "IMAGE_SAFETY", message: "Unable to show the generated image.")
        case .noImage:
            return emptyCandidate(model: model, finishReason: "NO_IMAGE", message: nil)
        default:
            // Drawing is blocking CPU work; it belongs on the imaging thread, not the async executor.
            let png = try await VipsRuntime.run { () throws -> Data in
                if TryOnRenderer.applies(prompt: prepared.prompt, imageCount: prepared.images.count) {
                    return try TryOnRenderer(
                        model: model, aspectRatio: prepared.aspectRatio, size: prepared.size, prompt: prepared.prompt,
                        person: prepared.images[0], garments: Array(prepared.images.dropFirst())
                    ).renderPNG()
                }
                return try PreviewRenderer(
                    model: model, aspectRatio: prepared.aspectRatio, size: prepared.size, prompt: prepared.prompt, references: prepared.images
                ).renderPNG()
            }
            return answer(model: model, size: prepared.size, png: png, modalities: prepared.modalities)
        }
    }

    static func prepare(_ request: GenerateContentRequest, model: ImageModel) throws -> Prepared {
        let (prompt, images) = try inputs(of: request)
        let (aspectRatio, size) = try imageOptions(request.generationConfig, model: model)
        return Prepared(
            model: model, prompt: prompt, images: images, aspectRatio: aspectRatio, size: size,
            modalities: request.generationConfig?.responseModalities)
    }

    func fault(for prompt: String) async -> FaultPlan.Fault? {
        if let directive = PromptDirective.find(in: prompt) {
            guard let times = directive.times else { return directive.fault }
            return await journal.countCall(prompt: prompt) <= times ? directive.fault : nil
        }
        return configuration.faults.draw(roll: Double.random(in: 0..<1))
    }

    static func decode(_ body: Data) throws -> GenerateContentRequest {
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: body) } catch {
            throw ProviderError.invalidArgument("Invalid JSON payload received. Unexpected token.")
        }
        let normalised = try WireNormaliser.normalise(json, as: "GenerateContentRequest")
        do {
            return try JSONDecoder().decode(GenerateContentRequest.self, from: JSONSerialization.data(withJSONObject: normalised))
        } catch {
            throw ProviderError.invalidArgument("Invalid JSON payload received. \(error)")
        }
    }

    /// The prompt text and decoded images of the request's user turns.
    static func inputs(of request: GenerateContentRequest) throws -> (String, [Data]) {
        guard !request.contents.isEmpty else {
            throw ProviderError.invalidArgument("* GenerateContentRequest.contents: contents is not specified", field: "contents")
        }
        var texts: [String] = []
        var images: [Data] = []
        for (index, content) in request.contents.enumerated() {
            let parts = content.parts ?? []
            guard !parts.isEmpty else {
                throw ProviderError.invalidArgument(
                    "* GenerateContentRequest.contents[\(index)].parts: contents.parts must not be empty.", field: "contents[\(index)].parts")
            }
            for part in parts where content.role != "model" {
                if let text = part.text { texts.append(text) }
                if let inline = part.inlineData {
                    guard acceptedMimeTypes.contains(inline.mimeType.lowercased()) else {
                        throw ProviderError.invalidArgument(
                            "Unsupported MIME type: \(inline.mimeType)", field: "contents[\(index)].parts.inline_data.mime_type")
                    }
                    guard let bytes = Base64.decode(inline.data), !bytes.isEmpty else {
                        throw ProviderError.invalidArgument(
                            "Invalid value at 'contents[\(index)].parts.inline_data.data' (TYPE_BYTES), Base64 decoding failed",
                            field: "contents[\(index)].parts.inline_data.data")
                    }
                    images.append(bytes)
                }
            }
        }
        return (texts.joined(separator: "\n"), images)
    }

    static func imageOptions(_ config: GenerationConfig?, model: ImageModel) throws -> (String, ImageSize) {
        for modality in config?.responseModalities ?? [] where !["TEXT", "IMAGE"].contains(modality.uppercased()) {
            throw ProviderError.invalidArgument(
                "Invalid value at 'generation_config.response_modalities' (type.googleapis.com/google.ai.generativelanguage.v1beta.GenerationConfig.Modality), \"\(modality)\"",
                field: "generation_config.response_modalities")
        }
        if let count = config?.candidateCount, count != 1 {
            throw ProviderError.invalidArgument("Multiple candidates is not enabled for \(model.id).", field: "generation_config.candidate_count")
        }
        let ratio = config?.imageConfig?.aspectRatio ?? "1:1"
        guard model.supports(aspectRatio: ratio) else {
            throw ProviderError.invalidArgument(
                "Unsupported aspect ratio: \(ratio). Supported values are: \(model.aspectRatios.joined(separator: ", ")).",
                field: "generation_config.image_config.aspect_ratio")
        }
        guard let sizeValue = config?.imageConfig?.imageSize else { return (ratio, .k1) }
        guard model.takesImageSize else {
            throw ProviderError.invalidArgument("Image size is not supported for \(model.id).", field: "generation_config.image_config.image_size")
        }
        guard let size = ImageSize(rawValue: sizeValue), model.sizes.contains(size) else {
            throw ProviderError.invalidArgument(
                "Unsupported image size: \(sizeValue). Supported values are: \(model.sizes.map(\.rawValue).joined(separator: ", ")).",
                field: "generation_config.image_config.image_size")
        }
        return (ratio, size)
    }

    static func answer(model: ImageModel, size: ImageSize, png: Data, modalities: [String]?) -> GenerateContentResponse {
        let wantsText = modalities.map { $0.contains { $0.uppercased() == "TEXT" } } ?? true
        let thinks = model.id.hasPrefix("gemini-3") || model.id.hasPrefix("nano-banana") || model.id.hasPrefix("gemini-nano")
        var parts: [Part] = []
        if thinks { parts.append(Part(text: "**Composing the scene**\n\nLaying out the subject and the references.", thought: true)) }
        let signature = Base64.encode(Array("emulator-signature".utf8))
        if wantsText { parts.append(Part(text: "Here is the image you asked for.", thoughtSignature: signature)) }
        parts.append(Part(inlineData: InlineData(mimeType: "image/png", data: png.base64EncodedString()), thoughtSignature: signature))
        let imageTokens = model.outputTokens(size: size)
        let textTokens = wantsText ? 8 : 0
        let thoughtTokens = thinks ? 212 : 0
        return GenerateContentResponse(
            candidates: [Candidate(content: Content(role: "model", parts: parts), finishReason: "STOP", index: 0)],
            usageMetadata: UsageMetadata(
                promptTokenCount: 13, candidatesTokenCount: imageTokens + textTokens, thoughtsTokenCount: thinks ? thoughtTokens : nil,
                totalTokenCount: 13 + imageTokens + textTokens + thoughtTokens,
                candidatesTokensDetails: [ModalityTokenCount(modality: "IMAGE", tokenCount: imageTokens)]),
            modelVersion: model.id, responseId: responseID())
    }

    static func emptyCandidate(model: ImageModel, finishReason: String, message: String?) -> GenerateContentResponse {
        GenerateContentResponse(
            candidates: [Candidate(content: Content(role: "model", parts: nil), finishReason: finishReason, finishMessage: message, index: 0)],
            usageMetadata: UsageMetadata(promptTokenCount: 13, candidatesTokenCount: nil, thoughtsTokenCount: nil, totalTokenCount: 13),
            modelVersion: model.id, responseId: responseID())
    }

    static func responseID() -> String {
        String((0..<22).map { _ in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".randomElement()! })
    }
}
