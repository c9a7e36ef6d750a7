/// `batch-generate` as the client sent it (API.md §2.5).
public struct BatchDraft: Sendable {
    public var prompts: [String]?
    public var referenceImages: [String]?
    public var aspectRatio: String?
    public var resolution: String?
    public var model: String?
    public var webhookURL: String?

    public init(
        prompts: [String]?, referenceImages: [String]? = nil, aspectRatio: String? = nil, resolution: String? = nil, model: String? = nil,
        webhookURL: String? = nil
    ) {
        self.prompts = prompts
        self.webhookURL = webhookURL
        self.referenceImages = referenceImages
        self.aspectRatio = aspectRatio
        self.resolution = resolution
        self.model = model
    }
}

/// A batch request that passed every rule: 1–100 prompts, each a valid prompt, and the same
/// model, ratio, size and reference rules as `generate` (references are allowed: the seed's
/// "no references" was its old code's limit, not the service's).
public struct BatchGenerationSpec: Sendable, Equatable {
    public let prompts: [String]
    public let references: [ReferenceSource]
    public let aspectRatio: AspectRatio
    public let size: ImageSize
    public let model: ImageModel
    /// Every task of the batch notifies it when it ends (one event per task, like `generate`).
    public var webhookURL: WebhookURL?

    public static let maxPrompts = 100

    public static func validate(
        _ draft: BatchDraft, defaultModel: String, available: [ImageModel] = ModelCatalogue.current, allowLoopbackWebhooks: Bool = false
    ) throws(ValidationError) -> BatchGenerationSpec {
        guard let raw = draft.prompts else { throw ValidationError(field: "prompts", "prompts is required") }
        guard (1...maxPrompts).contains(raw.count) else {
            throw ValidationError(field: "prompts", "send 1–\(maxPrompts) prompts, not \(raw.count)")
        }
        var prompts: [String] = []
        for (index, prompt) in raw.enumerated() {
            prompts.append(try GenerationSpec.validatePrompt(prompt, field: "prompts[\(index)]"))
        }
        let (model, aspectRatio, size, references) = try GenerationSpec.validateImageOptions(
            model: draft.model, defaultModel: defaultModel, available: available, aspectRatio: draft.aspectRatio, resolution: draft.resolution,
            referenceImages: draft.referenceImages)
        var webhookURL: WebhookURL?
        if let raw = draft.webhookURL { webhookURL = try WebhookURL.validate(raw, field: "webhook_url", allowLoopback: allowLoopbackWebhooks) }
        return BatchGenerationSpec(
            prompts: prompts, references: references, aspectRatio: aspectRatio, size: size, model: model, webhookURL: webhookURL)
    }

    /// One task's spec per prompt, sharing everything else.
    public func taskSpec(prompt: String) -> GenerationSpec {
        GenerationSpec(
            prompt: prompt, references: references, referenceFields: references.indices.map { "reference_images[\($0)]" }, aspectRatio: aspectRatio,
            size: size, model: model, taskType: .generate, priority: .batch,
            idempotencyKey: nil, tryOnCategory: nil, deadlineSeconds: nil, webhookURL: webhookURL)
    }
}
