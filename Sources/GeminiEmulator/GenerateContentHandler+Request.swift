import Foundation
import GeminiClient
import VTONDomain

/// Reading and validating a `generateContent` body the way the service does (gemini-rest.md
/// §1.4, §2.2): snake_case or camelCase, base64 of either alphabet, the model's sizes and ratios.
extension GenerateContentHandler {
    static func prepare(_ request: GenerateContentRequest, model: ImageModel) throws -> Prepared {
        let (prompt, images) = try inputs(of: request)
        let (aspectRatio, size) = try imageOptions(request.generationConfig, model: model)
        return Prepared(
            model: model, prompt: prompt, images: images, aspectRatio: aspectRatio, size: size,
            wantsText: request.generationConfig?.responseModalities.map { $0.contains { $0.uppercased() == "TEXT" } } ?? true,
            fingerprint: PreviewRenderer(model: model, aspectRatio: aspectRatio, size: size, prompt: prompt, references: images).fingerprint())
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
}
