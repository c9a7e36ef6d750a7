/// A generation request as the client sent it: every field optional and unchecked.
public struct GenerationDraft: Sendable {
    public var prompt: String?
    public var referenceImages: [String]?
    public var aspectRatio: String?
    public var resolution: String?
    public var taskType: String?
    public var model: String?
    public var priority: String?
    public var idempotencyKey: String?
    public var deadlineSeconds: Int?
    public var webhookURL: String?
    public var tryOn: TryOnDraft?
    /// How many variations of the request to make (`n`).
    public var variations: Int?

    public init(
        prompt: String? = nil, referenceImages: [String]? = nil, aspectRatio: String? = nil,
        resolution: String? = nil, taskType: String? = nil, model: String? = nil, priority: String? = nil,
        idempotencyKey: String? = nil, deadlineSeconds: Int? = nil, webhookURL: String? = nil,
        tryOn: TryOnDraft? = nil, variations: Int? = nil
    ) {
        self.prompt = prompt
        self.referenceImages = referenceImages
        self.aspectRatio = aspectRatio
        self.resolution = resolution
        self.taskType = taskType
        self.model = model
        self.priority = priority
        self.idempotencyKey = idempotencyKey
        self.deadlineSeconds = deadlineSeconds
        self.webhookURL = webhookURL
        self.tryOn = tryOn
        self.variations = variations
    }
}

public struct TryOnDraft: Sendable {
    public var personImage: String?
    public var garmentImage: String?
    public var garmentImages: [String]?
    public var category: String?

    public init(personImage: String?, garmentImage: String?, garmentImages: [String]?, category: String?) {
        self.personImage = personImage
        self.garmentImage = garmentImage
        self.garmentImages = garmentImages
        self.category = category
    }
}
