import Foundation
import GeminiClient
import VTONDomain
import VTONPersistence

/// Builds a task's model request from its stored references: images first (for a try-on the
/// person, then the garments), then the prompt (for a try-on its category's template with the
/// user's words appended); `imageSize` only for models that take one. It asks for an image
/// alone: with TEXT allowed too, the model may answer in words and draw nothing.
struct ProviderRequestBuilder: Sendable {
    let files: any FileRepository
    let blobs: any BlobStore
    let templates: any PromptTemplateRepository

    struct MissingReference: Error {}

    func request(for task: ImageTask) async throws -> GenerateContentRequest {
        var parts: [Part] = []
        for id in task.referenceFileIDs {
            guard let file = try await files.find(id: id), let data = try await blobs.get(file.sha256) else { throw MissingReference() }
            parts.append(.image(mimeType: file.mimeType, bytes: Array(data)))
        }
        if let category = task.tryOnCategory {
            parts.append(.text(try await templates.template(for: category).prompt(userPrompt: task.prompt)))
        } else {
            parts.append(.text(task.prompt))
        }
        let model = ModelCatalogue.model(id: task.model)
        return GenerateContentRequest(
            contents: [Content(role: "user", parts: parts)],
            generationConfig: GenerationConfig(
                responseModalities: ["IMAGE"],
                imageConfig: ImageConfig(
                    aspectRatio: task.providerAspectRatio, imageSize: model?.takesImageSize == true ? task.resolution.rawValue : nil)))
    }
}
