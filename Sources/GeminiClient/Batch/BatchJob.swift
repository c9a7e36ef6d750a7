/// A batch's lifecycle state. The wire says `BATCH_STATE_*`; the SDKs and the guide say
/// `JOB_STATE_*`; both are read.
public enum BatchState: String, Sendable, Codable, CaseIterable {
    case pending = "PENDING"
    case running = "RUNNING"
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    case cancelled = "CANCELLED"
    case expired = "EXPIRED"

    public init?(wire: String) {
        let bare = wire.replacingOccurrences(of: "BATCH_STATE_", with: "").replacingOccurrences(of: "JOB_STATE_", with: "")
        self.init(rawValue: bare)
    }

    public var wireValue: String { "BATCH_STATE_\(rawValue)" }
    public var isTerminal: Bool { self != .pending && self != .running }
}

/// What a batch is, read off its operation.
public struct BatchJob: Sendable {
    public let name: String
    /// The name the job was created with, by which a caller that lost the answer finds it again.
    public let displayName: String?
    public let state: BatchState
    public let requestCount: Int
    public let succeededCount: Int
    public let failedCount: Int
    public let error: RPCStatus?
    /// How many results the operation itself carries (read again, one by one, when they are
    /// collected); nil when they are in a file or not there yet.
    public let inlinedResponseCount: Int?
    public let responsesFile: String?

    /// `inlinedResponseCount` is given when the results were split off while reading
    /// (`InlinedResponseSplitter`) and so are no longer in `operation`.
    public init(_ operation: BatchOperation, inlinedResponseCount: Int? = nil) throws(GeminiError) {
        guard let raw = operation.metadata?.state, let state = BatchState(wire: raw) else {
            throw .malformedResponse("batch \(operation.name) has no known state")
        }
        name = operation.name
        displayName = operation.metadata?.displayName
        self.state = state
        let stats = operation.metadata?.batchStats
        requestCount = stats?.requestCount?.value ?? 0
        succeededCount = stats?.successfulRequestCount?.value ?? 0
        failedCount = stats?.failedRequestCount?.value ?? 0
        error = operation.error
        let inline = operation.metadata?.output?.inlinedResponses
        self.inlinedResponseCount = inline.map { inlinedResponseCount ?? $0.inlinedResponses?.count ?? 0 }
        responsesFile = operation.metadata?.output?.responsesFile
    }
}
