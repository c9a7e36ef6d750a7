/// One outcome of a batch request, matched to its request by key.
public struct BatchItemResult: Sendable {
    public let key: String
    public let outcome: Result<GenerationReply, GeminiError>

    public init(key: String, outcome: Result<GenerationReply, GeminiError>) {
        self.key = key
        self.outcome = outcome
    }
}

/// The Batch API calls the batch poller and the batch routes need.
public protocol BatchProviding: Sendable {
    func createBatch(
        model: String, displayName: String, requests: [(key: String, request: GenerateContentRequest)], expectedResultBytes: Int
    ) async throws(GeminiError) -> BatchJob
    func getBatch(_ name: String) async throws(GeminiError) -> BatchJob
    func cancelBatch(_ name: String) async throws(GeminiError)
    func deleteBatch(_ name: String) async throws(GeminiError)
    func listBatches(pageSize: Int, pageToken: String?) async throws(GeminiError) -> (jobs: [BatchJob], nextPageToken: String?)
    /// Calls `handle` once per result, reading a results file as a stream so it is never held whole.
    func forEachResult(of job: BatchJob, _ handle: @Sendable (BatchItemResult) async throws -> Void) async throws
}
