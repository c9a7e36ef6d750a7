/// Batch API wire shapes (gemini-rest.md §5). Note the double nesting of
/// `inputConfig.requests.requests` and `output.inlinedResponses.inlinedResponses`.
public struct CreateBatchBody: Codable, Sendable {
    public var batch: BatchSpec

    public init(batch: BatchSpec) { self.batch = batch }
}

public struct BatchSpec: Codable, Sendable {
    public var displayName: String?
    public var inputConfig: InputConfig

    public init(displayName: String?, inputConfig: InputConfig) {
        self.displayName = displayName
        self.inputConfig = inputConfig
    }
}

public struct InputConfig: Codable, Sendable {
    public var requests: InlinedRequests?
    public var fileName: String?

    public init(requests: InlinedRequests? = nil, fileName: String? = nil) {
        self.requests = requests
        self.fileName = fileName
    }
}

public struct InlinedRequests: Codable, Sendable {
    public var requests: [InlinedRequest]

    public init(requests: [InlinedRequest]) { self.requests = requests }
}

public struct InlinedRequest: Codable, Sendable {
    public var request: GenerateContentRequest
    public var metadata: RequestMetadata?

    public init(request: GenerateContentRequest, key: String) {
        self.request = request
        self.metadata = RequestMetadata(key: key)
    }
}

/// A request's free string map, carried back on its result; `key` is the conventional entry.
public struct RequestMetadata: Codable, Sendable, Equatable {
    public var values: [String: String]

    public init(key: String?) { values = key.map { ["key": $0] } ?? [:] }

    public var key: String? { values["key"] }

    public init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: String].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }
}

/// The long-running operation that stands for a batch.
public struct BatchOperation: Codable, Sendable {
    public var name: String
    public var metadata: BatchMetadata?
    public var done: Bool?
    public var error: RPCStatus?
    /// The output again, where the REST docs read it; the SDK reads `metadata.output`.
    public var response: BatchResponse?

    public init(name: String, metadata: BatchMetadata?, done: Bool?, error: RPCStatus?, response: BatchResponse? = nil) {
        self.name = name
        self.metadata = metadata
        self.done = done
        self.error = error
        self.response = response
    }
}

public struct BatchResponse: Codable, Sendable {
    public var type: String
    public var inlinedResponses: InlinedResponses?
    public var responsesFile: String?

    public init(output: BatchOutput) {
        type = "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput"
        inlinedResponses = output.inlinedResponses
        responsesFile = output.responsesFile
    }

    enum CodingKeys: String, CodingKey {
        case type = "@type"
        case inlinedResponses, responsesFile
    }
}

public struct BatchMetadata: Codable, Sendable {
    public var type: String?
    public var model: String?
    public var displayName: String?
    public var state: String?
    public var batchStats: BatchStats?
    public var output: BatchOutput?
    public var createTime: String?
    public var updateTime: String?
    public var endTime: String?
    public var name: String?

    public init(
        type: String? = nil, model: String?, displayName: String?, state: String?, batchStats: BatchStats?, output: BatchOutput?,
        createTime: String?, updateTime: String?, endTime: String?, name: String?
    ) {
        self.type = type
        self.model = model
        self.displayName = displayName
        self.state = state
        self.batchStats = batchStats
        self.output = output
        self.createTime = createTime
        self.updateTime = updateTime
        self.endTime = endTime
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case type = "@type"
        case model, displayName, state, batchStats, output, createTime, updateTime, endTime, name
    }
}

/// Counts are int64, which the service writes as strings; both forms are read.
public struct BatchStats: Codable, Sendable, Equatable {
    public var requestCount: Int64Value?
    public var successfulRequestCount: Int64Value?
    public var failedRequestCount: Int64Value?
    public var pendingRequestCount: Int64Value?

    public init(requestCount: Int, successful: Int, failed: Int, pending: Int) {
        func value(_ number: Int) -> Int64Value? { number == 0 ? nil : Int64Value(number) }
        self.requestCount = value(requestCount)
        successfulRequestCount = value(successful)
        failedRequestCount = value(failed)
        pendingRequestCount = value(pending)
    }
}

public struct Int64Value: Codable, Sendable, Equatable {
    public let value: Int

    public init(_ value: Int) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            value = number
        } else if let text = try? container.decode(String.self), let number = Int(text) {
            value = number
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "int64 as a number or a decimal string")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(String(value))
    }
}

public struct BatchOutput: Codable, Sendable {
    public var inlinedResponses: InlinedResponses?
    public var responsesFile: String?

    public init(inlinedResponses: InlinedResponses? = nil, responsesFile: String? = nil) {
        self.inlinedResponses = inlinedResponses
        self.responsesFile = responsesFile
    }
}

public struct InlinedResponses: Codable, Sendable {
    public var inlinedResponses: [InlinedResponse]?

    public init(inlinedResponses: [InlinedResponse]) { self.inlinedResponses = inlinedResponses }
}

/// One request's answer: a response or an error, with the request's metadata.
public struct InlinedResponse: Codable, Sendable {
    public var response: GenerateContentResponse?
    public var error: RPCStatus?
    public var metadata: RequestMetadata?

    public init(response: GenerateContentResponse?, error: RPCStatus?, metadata: RequestMetadata?) {
        self.response = response
        self.error = error
        self.metadata = metadata
    }
}

/// A line of a results file: the same, keyed at the top level.
public struct ResultLine: Codable, Sendable {
    public var key: String?
    public var response: GenerateContentResponse?
    public var error: RPCStatus?

    public init(key: String?, response: GenerateContentResponse?, error: RPCStatus?) {
        self.key = key
        self.response = response
        self.error = error
    }
}

/// google.rpc.Status with the numeric gRPC code, as used inside batch results.
public struct RPCStatus: Codable, Sendable, Equatable {
    public var code: Int
    public var message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }
}

public struct BatchList: Codable, Sendable {
    public var operations: [BatchOperation]?
    public var nextPageToken: String?

    public init(operations: [BatchOperation], nextPageToken: String?) {
        self.operations = operations
        self.nextPageToken = nextPageToken
    }
}

/// A Files API resource (gemini-rest.md §6.2).
public struct FileResource: Codable, Sendable {
    public var name: String
    public var displayName: String?
    public var mimeType: String?
    public var sizeBytes: Int64Value?
    public var createTime: String?
    public var expirationTime: String?
    public var uri: String?
    public var downloadUri: String?
    public var state: String?
    public var source: String?

    public init(
        name: String, displayName: String?, mimeType: String?, sizeBytes: Int, createTime: String?, expirationTime: String?, uri: String?,
        downloadUri: String?, state: String?, source: String?
    ) {
        self.name = name
        self.displayName = displayName
        self.mimeType = mimeType
        self.sizeBytes = Int64Value(sizeBytes)
        self.createTime = createTime
        self.expirationTime = expirationTime
        self.uri = uri
        self.downloadUri = downloadUri
        self.state = state
        self.source = source
    }
}

public struct FileEnvelope: Codable, Sendable {
    public var file: FileResource

    public init(file: FileResource) { self.file = file }
}

public struct FileList: Codable, Sendable {
    public var files: [FileResource]?
    public var nextPageToken: String?

    public init(files: [FileResource], nextPageToken: String?) {
        self.files = files
        self.nextPageToken = nextPageToken
    }
}

/// `{}`: the body of a successful cancel or delete.
public struct EmptyBody: Codable, Sendable {
    public init() {}
}
