import VTONDomain

/// The models this emulated key sees (`models.list`, `models.get`) and may call: the
/// catalogue's current image models, or the subset it was started with, plus text-only models
/// a client has to tell apart. Shut-down ids and withheld ones are unknown to it, as to Google.
struct ModelDirectory: Sendable {
    let imageModels: [ImageModel]
    static let imageMethods = ["generateContent", "countTokens", "batchGenerateContent"]

    init(allowed: Set<String>?) {
        imageModels = ModelCatalogue.current.filter { allowed?.contains($0.id) ?? true }
    }

    /// The image model behind `id` for `method`, or the service's 404; a text-only model refuses images.
    func imageModel(_ id: String, version: String, method: String) throws -> ImageModel {
        let bare = id.hasPrefix("models/") ? String(id.dropFirst("models/".count)) : id
        if let model = imageModels.first(where: { $0.id == bare }) { return model }
        if method == "generateContent", Self.textModels.contains(where: { $0.name == "models/\(bare)" }) {
            throw ProviderError.invalidArgument(
                "Model does not support the requested response modalities: image", field: "generation_config.response_modalities")
        }
        throw ProviderError.modelNotFound(bare, version: version, method: method)
    }

    var all: [ModelResource] { imageModels.map(Self.resource) + Self.textModels }

    func list(pageSize: Int, pageToken: String?) -> ModelPage {
        let start = pageToken.flatMap(Int.init) ?? 0
        let page = Array(all.dropFirst(start).prefix(max(pageSize, 1)))
        return ModelPage(models: page, nextPageToken: start + page.count < all.count ? String(start + page.count) : nil)
    }

    func get(_ id: String, version: String) throws -> ModelResource {
        let bare = id.hasPrefix("models/") ? String(id.dropFirst("models/".count)) : id
        guard let model = all.first(where: { $0.name == "models/\(bare)" }) else {
            throw ProviderError.modelNotFound(bare, version: version)
        }
        return model
    }

    /// Names Google gives the image models ("Nano Banana" and its successors).
    static let names: [String: (displayName: String, description: String)] = [
        "gemini-2.5-flash-image": ("Nano Banana", "Gemini 2.5 Flash Image"),
        "gemini-3-pro-image": ("Nano Banana Pro", "Gemini 3 Pro Image"),
        "gemini-3.1-flash-image": ("Nano Banana 2", "Gemini 3.1 Flash Image"),
        "gemini-3.1-flash-lite-image": ("Nano Banana 2 Lite", "Gemini 3.1 Flash Lite Image"),
        "gemini-nano-banana-2.1": ("Nano Banana 2.1", "Gemini Nano Banana 2.1"),
    ]

    static func resource(_ model: ImageModel) -> ModelResource {
        let name = names[model.id] ?? (model.id, model.id)
        let thinks = UsageMeter.thinks(model)
        return ModelResource(
            name: "models/\(model.id)", version: thinks ? "3.0" : "2.0", displayName: name.displayName,
            description: "\(name.description): native image generation and editing.", inputTokenLimit: thinks ? 131_072 : 32_768,
            outputTokenLimit: 32_768, supportedGenerationMethods: imageMethods, temperature: 1, topP: 0.95, maxTemperature: 2, thinking: thinks)
    }

    static let textModels = [
        ModelResource(
            name: "models/gemini-2.5-flash", version: "001", displayName: "Gemini 2.5 Flash",
            description: "Stable version of Gemini 2.5 Flash, a text model.", inputTokenLimit: 1_048_576, outputTokenLimit: 65_536,
            supportedGenerationMethods: ["generateContent"], temperature: 1, topP: 0.95, maxTemperature: 2, thinking: true),
        ModelResource(
            name: "models/gemini-2.5-pro", version: "2.5", displayName: "Gemini 2.5 Pro",
            description: "Stable release of Gemini 2.5 Pro, a text model.", inputTokenLimit: 1_048_576, outputTokenLimit: 65_536,
            supportedGenerationMethods: ["generateContent"], temperature: 1, topP: 0.95, maxTemperature: 2, thinking: true),
    ]
}

/// Google's Model resource, the fields the service fills for Gemini models.
struct ModelResource: Encodable, Sendable {
    let name: String
    let version: String
    let displayName: String
    let description: String
    let inputTokenLimit: Int
    let outputTokenLimit: Int
    let supportedGenerationMethods: [String]
    let temperature: Double
    let topP: Double
    let maxTemperature: Double
    let thinking: Bool
}

struct ModelPage: Encodable, Sendable {
    let models: [ModelResource]
    let nextPageToken: String?
}
