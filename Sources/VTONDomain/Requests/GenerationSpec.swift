import Foundation

/// A generation request that passed every rule of API.md §2.1.
public struct GenerationSpec: Sendable, Equatable {
    public let prompt: String
    public let references: [ReferenceSource]
    /// The request field each reference came from, for errors that name it.
    public let referenceFields: [String]
    public let aspectRatio: AspectRatio
    public let size: ImageSize
    public let model: ImageModel
    public let taskType: TaskType
    public let priority: TaskPriority
    public let idempotencyKey: String?
    /// For try-on: the garment category; the references are the person, then the garments.
    public let tryOnCategory: TryOnCategory?
    /// For economy: seconds after which an unfinished task leaves its batch and runs realtime.
    public let deadlineSeconds: Int?
    /// Notified when the task ends (`webhook_url`).
    public var webhookURL: WebhookURL?
    /// Images to make of this request (`n`), each a task and a provider call of its own.
    public var variations: Int = 1
    public static let maxVariations = 4
    public static let maxDeadlineSeconds = 48 * 3600

    public static let maxPromptLength = 5000
    public static let maxReferences = 14
    public static let maxIdempotencyKeyLength = 200

    /// Checks a draft against the API's rules and the chosen model's capabilities.
    /// `available` is what the provider offers now; the catalogue also knows retired models.
    /// `allowLoopbackWebhooks`: the operator lets webhooks go to loopback (`WebhookURL`).
    public static func validate(
        _ draft: GenerationDraft, defaultModel: String, available: [ImageModel] = ModelCatalogue.current, allowLoopbackWebhooks: Bool = false
    ) throws(ValidationError) -> GenerationSpec {
        let taskType = try parseEnum(TaskType.self, draft.taskType, field: "task_type", default: .generate)
        // A try-on needs no words: the template says what to do; the user's prompt only adds to it.
        let prompt = taskType == .tryon && (draft.prompt ?? "").allSatisfy(\.isWhitespace) ? "" : try validatePrompt(draft.prompt, field: "prompt")
        let priority = try parseEnum(TaskPriority.self, draft.priority, field: "priority", default: .realtime)
        if priority == .batch {
            throw ValidationError(field: "priority", "\"batch\" is not one of \"realtime\", \"economy\"; use POST /api/v1/images/batch-generate")
        }
        if let deadline = draft.deadlineSeconds {
            guard priority == .economy else { throw ValidationError(field: "deadline_seconds", "deadline_seconds applies only to economy tasks") }
            guard (1...maxDeadlineSeconds).contains(deadline) else {
                throw ValidationError(field: "deadline_seconds", "must be 1–\(maxDeadlineSeconds) seconds")
            }
        }
        var webhookURL: WebhookURL?
        if let raw = draft.webhookURL { webhookURL = try WebhookURL.validate(raw, field: "webhook_url", allowLoopback: allowLoopbackWebhooks) }

        var (model, aspectRatio, size, references) = try validateImageOptions(
            model: draft.model, defaultModel: defaultModel, available: available, aspectRatio: draft.aspectRatio, resolution: draft.resolution,
            referenceImages: draft.referenceImages)
        var category: TryOnCategory?
        var referenceFields = references.indices.map { "reference_images[\($0)]" }
        if taskType == .tryon {
            guard references.isEmpty else {
                throw ValidationError(field: "reference_images", "a try-on takes its images from tryon.person_image and tryon.garment_images")
            }
            let tryOn = try validateTryOn(draft.tryOn, model: model)
            category = tryOn.category
            references = tryOn.references.map(\.source)
            referenceFields = tryOn.references.map(\.field)
        } else if draft.tryOn != nil {
            throw ValidationError(field: "tryon", "tryon applies only to task_type \"tryon\"")
        }

        if let key = draft.idempotencyKey, key.isEmpty || key.count > maxIdempotencyKeyLength {
            throw ValidationError(field: "idempotency_key", "must be 1–\(maxIdempotencyKeyLength) characters")
        }
        let variations = draft.variations ?? 1
        guard (1...maxVariations).contains(variations) else { throw ValidationError(field: "n", "must be 1–\(maxVariations) images") }

        var spec = GenerationSpec(
            prompt: prompt, references: references, referenceFields: referenceFields, aspectRatio: aspectRatio, size: size, model: model,
            taskType: taskType, priority: priority, idempotencyKey: draft.idempotencyKey, tryOnCategory: category,
            deadlineSeconds: draft.deadlineSeconds, webhookURL: webhookURL)
        spec.variations = variations
        return spec
    }

    /// The person and 1–4 garments (`garment_image`, `garment_images` or both), and a category.
    static func validateTryOn(
        _ draft: TryOnDraft?, model: ImageModel
    ) throws(ValidationError) -> (category: TryOnCategory, references: [(source: ReferenceSource, field: String)]) {
        guard let draft else { throw ValidationError(field: "tryon", "a try-on needs tryon.person_image, tryon.garment_image and tryon.category") }
        guard let rawCategory = draft.category else { throw ValidationError(field: "tryon.category", "tryon.category is required") }
        guard let category = TryOnCategory(rawValue: rawCategory) else {
            throw ValidationError(
                field: "tryon.category", "\"\(rawCategory)\" is not one of \(TryOnCategory.allCases.map(\.rawValue).joined(separator: " "))")
        }
        guard let person = draft.personImage else { throw ValidationError(field: "tryon.person_image", "tryon.person_image is required") }
        var garments: [(String, String)] = []
        if let single = draft.garmentImage { garments.append((single, "tryon.garment_image")) }
        for (index, garment) in (draft.garmentImages ?? []).enumerated() where garment != draft.garmentImage {
            garments.append((garment, "tryon.garment_images[\(index)]"))
        }
        guard !garments.isEmpty else { throw ValidationError(field: "tryon.garment_image", "give tryon.garment_image or tryon.garment_images") }
        guard garments.count <= TryOnCategory.maxGarments else {
            throw ValidationError(field: "tryon.garment_images", "at most \(TryOnCategory.maxGarments) garments per try-on")
        }
        guard garments.count + 1 <= model.maxReferenceImages else {
            throw ValidationError(field: "tryon.garment_images", "\(model.id) takes at most \(model.maxReferenceImages) images")
        }
        var references = [(try ReferenceSource.parse(person, field: "tryon.person_image"), "tryon.person_image")]
        for (raw, field) in garments { references.append((try ReferenceSource.parse(raw, field: field), field)) }
        return (category, references)
    }

    /// The rules shared by `generate` and `batch-generate`: model, ratio, size and references.
    static func validateImageOptions(
        model modelValue: String?, defaultModel: String, available: [ImageModel], aspectRatio ratioValue: String?, resolution sizeValue: String?,
        referenceImages: [String]?
    ) throws(ValidationError) -> (ImageModel, AspectRatio, ImageSize, [ReferenceSource]) {
        let modelID = modelValue ?? defaultModel
        guard let model = ModelCatalogue.model(id: modelID), available.contains(model) else {
            let offered = available.map(\.id).joined(separator: ", ")
            let why = ModelCatalogue.model(id: modelID).map { $0.shutDown ? "has been shut down by Google" : "is not available to this server's key" }
            throw ValidationError(field: "model", "model \"\(modelID)\" \(why ?? "is unknown"); available: \(offered)")
        }
        let ratioValue = ratioValue ?? "1:1"
        guard let aspectRatio = AspectRatio(ratioValue) else {
            throw ValidationError(field: "aspect_ratio", "\"\(ratioValue)\" is not one of \(AspectRatio.seedValues.joined(separator: " "))")
        }
        guard model.supports(aspectRatio: aspectRatio.providerValue) else {
            throw ValidationError(field: "aspect_ratio", "\(model.id) does not take \(ratioValue)")
        }
        let sizeValue = sizeValue ?? "1K"
        guard let size = ImageSize(rawValue: sizeValue), ImageSize.apiValues.contains(size) else {
            throw ValidationError(field: "resolution", "\"\(sizeValue)\" is not one of 1K 2K 4K")
        }
        guard model.supports(size: size) else {
            throw ValidationError(field: "resolution", "\(model.id) does not take \(sizeValue)")
        }
        let rawReferences = referenceImages ?? []
        let limit = min(maxReferences, model.maxReferenceImages)
        guard rawReferences.count <= limit else {
            throw ValidationError(field: "reference_images", "at most \(limit) reference images for \(model.id)")
        }
        var references: [ReferenceSource] = []
        for (index, raw) in rawReferences.enumerated() {
            references.append(try ReferenceSource.parse(raw, field: "reference_images[\(index)]"))
        }
        return (model, aspectRatio, size, references)
    }

    /// A trimmed prompt of 1–5000 characters.
    static func validatePrompt(_ raw: String?, field: String) throws(ValidationError) -> String {
        guard let raw else { throw ValidationError(field: field, "\(field) is required") }
        // Trimmed by the standard library: Foundation's `trimmingCharacters` bridges through
        // NSString, and every generation request passes here.
        var trimmed = Substring(raw)
        while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
        while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
        let prompt = String(trimmed)
        guard !prompt.isEmpty else { throw ValidationError(field: field, "\(field) must not be empty") }
        guard prompt.count <= maxPromptLength else { throw ValidationError(field: field, "\(field) must be at most \(maxPromptLength) characters") }
        return prompt
    }

    private static func parseEnum<E: RawRepresentable & CaseIterable>(
        _ type: E.Type, _ raw: String?, field: String, default value: E
    ) throws(ValidationError) -> E where E.RawValue == String {
        guard let raw else { return value }
        guard let parsed = E(rawValue: raw) else {
            let options = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw ValidationError(field: field, "\"\(raw)\" is not one of \(options)")
        }
        return parsed
    }
}
