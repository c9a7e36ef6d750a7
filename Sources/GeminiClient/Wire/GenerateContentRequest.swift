/// `generateContent` request body (gemini-rest.md §2.2). The client sends camelCase;
/// the emulator normalises snake_case to these names before decoding.
public struct GenerateContentRequest: Codable, Sendable, Equatable {
    public var contents: [Content]
    public var generationConfig: GenerationConfig?

    public init(contents: [Content], generationConfig: GenerationConfig? = nil) {
        self.contents = contents
        self.generationConfig = generationConfig
    }
}

public struct Content: Codable, Sendable, Equatable {
    public var role: String?
    public var parts: [Part]?

    public init(role: String? = nil, parts: [Part]?) {
        self.role = role
        self.parts = parts
    }
}

public struct Part: Codable, Sendable, Equatable {
    public var text: String?
    public var inlineData: InlineData?
    public var thought: Bool?
    public var thoughtSignature: String?

    public init(text: String? = nil, inlineData: InlineData? = nil, thought: Bool? = nil, thoughtSignature: String? = nil) {
        self.text = text
        self.inlineData = inlineData
        self.thought = thought
        self.thoughtSignature = thoughtSignature
    }

    public static func text(_ text: String) -> Part { Part(text: text) }
    public static func image(mimeType: String, bytes: [UInt8]) -> Part {
        Part(inlineData: InlineData(mimeType: mimeType, data: Base64.encode(bytes)))
    }
}

/// Image bytes travel as base64 text; which alphabet is the sender's choice.
public struct InlineData: Codable, Sendable, Equatable {
    public var mimeType: String
    public var data: String

    public init(mimeType: String, data: String) {
        self.mimeType = mimeType
        self.data = data
    }
}

public struct GenerationConfig: Codable, Sendable, Equatable {
    public var responseModalities: [String]?
    public var candidateCount: Int?
    public var imageConfig: ImageConfig?

    public init(responseModalities: [String]? = nil, candidateCount: Int? = nil, imageConfig: ImageConfig? = nil) {
        self.responseModalities = responseModalities
        self.candidateCount = candidateCount
        self.imageConfig = imageConfig
    }
}

public struct ImageConfig: Codable, Sendable, Equatable {
    public var aspectRatio: String?
    /// Only for models that take a size; `gemini-2.5-flash-image` refuses it.
    public var imageSize: String?

    public init(aspectRatio: String? = nil, imageSize: String? = nil) {
        self.aspectRatio = aspectRatio
        self.imageSize = imageSize
    }
}
