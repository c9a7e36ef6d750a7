import GeminiClient
import VTONDomain

extension GenerateContentRequest {
    /// The model request for a task: reference images first, then the prompt, as the image
    /// models expect; `imageSize` only for models that take one.
    static func forTask(_ task: ImageTask, references: [(mimeType: String, bytes: [UInt8])]) -> GenerateContentRequest {
        let model = ModelCatalogue.model(id: task.model)
        let parts = references.map { Part.image(mimeType: $0.mimeType, bytes: $0.bytes) } + [.text(task.prompt)]
        return GenerateContentRequest(
            contents: [Content(role: "user", parts: parts)],
            generationConfig: GenerationConfig(
                responseModalities: ["TEXT", "IMAGE"],
                imageConfig: ImageConfig(
                    aspectRatio: task.providerAspectRatio,
                    imageSize: model?.takesImageSize == true ? task.resolution.rawValue : nil)))
    }
}
