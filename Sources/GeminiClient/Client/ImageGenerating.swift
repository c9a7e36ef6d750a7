/// The one provider call the worker needs; the REST client implements it, tests may fake it.
public protocol ImageGenerating: Sendable {
    func generateContent(model: String, request: GenerateContentRequest) async throws(GeminiError) -> GenerationOutcome
}
