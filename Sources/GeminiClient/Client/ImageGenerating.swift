/// The one provider call the worker needs; the REST client implements it, tests may fake it.
public protocol ImageGenerating: Sendable {
    /// One call with its own deadline: large images take minutes, small ones seconds.
    func generate(model: String, request: GenerateContentRequest, deadline: Duration) async throws(GeminiError) -> GenerationReply
}

/// `models.list`: which models the key may use.
public protocol ModelListing: Sendable {
    func listModels() async throws(GeminiError) -> [ProviderModel]
}
