/// `GET /{ver}/models` (Google's Model resource): only the fields VTON Lab reads.
public struct ModelList: Codable, Sendable {
    public var models: [ProviderModel]?
    public var nextPageToken: String?

    public init(models: [ProviderModel]?, nextPageToken: String? = nil) {
        self.models = models
        self.nextPageToken = nextPageToken
    }
}

public struct ProviderModel: Codable, Sendable, Equatable {
    /// `models/{id}`.
    public var name: String
    public var displayName: String?
    public var supportedGenerationMethods: [String]?

    public init(name: String, displayName: String? = nil, supportedGenerationMethods: [String]? = nil) {
        self.name = name
        self.displayName = displayName
        self.supportedGenerationMethods = supportedGenerationMethods
    }

    public var id: String { name.hasPrefix("models/") ? String(name.dropFirst("models/".count)) : name }
    public var generatesContent: Bool { supportedGenerationMethods?.contains("generateContent") ?? false }
}
