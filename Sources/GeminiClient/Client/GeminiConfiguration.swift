/// Where and how the REST client talks to the Generative Language API.
public struct GeminiConfiguration: Sendable {
    public static let googleBaseURL = "https://generativelanguage.googleapis.com"

    public var baseURL: String
    public var apiKey: String
    public var apiVersion: String
    /// Deadline of one HTTP call, connection included.
    public var timeoutSeconds: Double
    /// A 4K PNG in base64 is about 30 MB; anything far beyond that is not an answer we want.
    public var maxResponseBytes: Int
    /// Inline batch bodies at or above this size go up as a JSONL file instead.
    public var inlineBatchLimit: Int
    /// Batches whose results are expected to reach this size go up as a file too, so that
    /// their results come back as a file rather than inside every poll of the operation.
    public var inlineResultLimit: Int
    /// The longest line accepted in a batch results file (one image response).
    public var maxResultLineBytes: Int

    public init(
        baseURL: String = googleBaseURL, apiKey: String, apiVersion: String = "v1beta",
        timeoutSeconds: Double = 120, maxResponseBytes: Int = 128 * 1024 * 1024,
        inlineBatchLimit: Int = 20_000_000, inlineResultLimit: Int = 16 * 1024 * 1024, maxResultLineBytes: Int = 128 * 1024 * 1024
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.timeoutSeconds = timeoutSeconds
        self.maxResponseBytes = maxResponseBytes
        self.inlineBatchLimit = inlineBatchLimit
        self.inlineResultLimit = inlineResultLimit
        self.maxResultLineBytes = maxResultLineBytes
    }
}
