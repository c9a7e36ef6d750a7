import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension GeminiRESTClient: BatchProviding {
    /// Inline requests give inline results inside the operation, file input a results file:
    /// large results go by file whatever the size of the requests.
    public func createBatch(
        model: String, displayName: String, requests: [(key: String, request: GenerateContentRequest)], expectedResultBytes: Int
    ) async throws(GeminiError) -> BatchJob {
        let inline = CreateBatchBody(
            batch: BatchSpec(
                displayName: displayName,
                inputConfig: InputConfig(requests: InlinedRequests(requests: requests.map { InlinedRequest(request: $0.request, key: $0.key) }))))
        var body = try encode(inline)
        if body.count >= configuration.inlineBatchLimit || expectedResultBytes >= configuration.inlineResultLimit {
            let file = try await uploadJSONL(requests: requests, displayName: displayName)
            body = try encode(CreateBatchBody(batch: BatchSpec(displayName: displayName, inputConfig: InputConfig(fileName: file.name))))
        }
        let data = try await send(method: .POST, path: "/\(configuration.apiVersion)/models/\(model):batchGenerateContent", body: body)
        return try BatchJob(decode(BatchOperation.self, from: data))
    }

    /// Polls a batch without holding its inline results, however large they are.
    public func getBatch(_ name: String) async throws(GeminiError) -> BatchJob {
        var splitter = InlinedResponseSplitter(maxElementBytes: configuration.maxResultLineBytes)
        do {
            try await streamBody(path: "/\(configuration.apiVersion)/\(Self.resource(name, kind: "batches"))") { chunk in
                try splitter.feed(chunk.readableBytesView) { _ in }
                guard splitter.skeleton.count <= configuration.maxResponseBytes else {
                    throw GeminiError.responseTooLarge(limit: configuration.maxResponseBytes)
                }
            }
        } catch let error as GeminiError {
            throw error
        } catch {
            throw .malformedResponse(String(describing: error))
        }
        return try BatchJob(decode(BatchOperation.self, from: splitter.skeleton), inlinedResponseCount: splitter.elementCount)
    }

    public func cancelBatch(_ name: String) async throws(GeminiError) {
        _ = try await send(method: .POST, path: "/\(configuration.apiVersion)/\(Self.resource(name, kind: "batches")):cancel", body: nil)
    }

    public func deleteBatch(_ name: String) async throws(GeminiError) {
        _ = try await send(method: .DELETE, path: "/\(configuration.apiVersion)/\(Self.resource(name, kind: "batches"))", body: nil)
    }

    public func listBatches(pageSize: Int, pageToken: String?) async throws(GeminiError) -> (jobs: [BatchJob], nextPageToken: String?) {
        var path = "/\(configuration.apiVersion)/batches?pageSize=\(pageSize)"
        if let pageToken { path += "&pageToken=\(pageToken.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? pageToken)" }
        let list = try decode(BatchList.self, from: try await send(method: .GET, path: path, body: nil))
        var jobs: [BatchJob] = []
        for operation in list.operations ?? [] { jobs.append(try BatchJob(operation)) }
        return (jobs, list.nextPageToken)
    }

    public func forEachResult(of job: BatchJob, _ handle: @Sendable (BatchItemResult) async throws -> Void) async throws {
        if job.inlinedResponseCount != nil {
            // The results are read again, one at a time, from the operation itself.
            var splitter = InlinedResponseSplitter(maxElementBytes: configuration.maxResultLineBytes)
            var index = 0
            try await streamBody(path: "/\(configuration.apiVersion)/\(Self.resource(job.name, kind: "batches"))") { chunk in
                var elements: [Data] = []
                try splitter.feed(chunk.readableBytesView) { elements.append($0) }
                for element in elements {
                    let item = try JSONDecoder().decode(InlinedResponse.self, from: element)
                    try await handle(Self.item(key: item.metadata?.key ?? String(index), response: item.response, error: item.error))
                    index += 1
                }
            }
        } else if let file = job.responsesFile {
            let path = "/download/\(configuration.apiVersion)/\(Self.resource(file, kind: "files")):download?alt=media"
            try await streamLines(path: path) { line in
                let result = try JSONDecoder().decode(ResultLine.self, from: line)
                try await handle(Self.item(key: result.key ?? "", response: result.response, error: result.error))
            }
        }
    }

    static func item(key: String, response: GenerateContentResponse?, error: RPCStatus?) -> BatchItemResult {
        if let error {
            return BatchItemResult(
                key: key, outcome: .failure(.http(status: httpStatus(grpc: error.code), statusName: nil, message: error.message, retryDelay: nil)))
        }
        guard let response else { return BatchItemResult(key: key, outcome: .failure(.malformedResponse("result without response or error"))) }
        do { return BatchItemResult(key: key, outcome: .success(try GenerationReply(response))) } catch {
            return BatchItemResult(key: key, outcome: .failure(error))
        }
    }

    /// Per-request errors carry gRPC codes; the worker reasons in HTTP statuses.
    static func httpStatus(grpc code: Int) -> Int {
        switch code {
        case 3, 9, 11: 400
        case 7: 403
        case 5: 404
        case 8: 429
        case 14: 503
        case 4: 504
        default: 500
        }
    }

    /// `batches/abc`, `abc` and full URLs all name the same resource.
    static func resource(_ name: String, kind: String) -> String {
        let last = name.split(separator: "/").last.map(String.init) ?? name
        return "\(kind)/\(last)"
    }

    /// The resumable Files API upload (gemini-rest.md §6.1) of one JSONL request per line.
    func uploadJSONL(requests: [(key: String, request: GenerateContentRequest)], displayName: String) async throws(GeminiError) -> FileResource {
        var jsonl = Data()
        for (key, request) in requests {
            jsonl += try encode(JSONLRequest(key: key, request: request))
            jsonl.append(UInt8(ascii: "\n"))
        }
        var start = HTTPClientRequest(url: configuration.baseURL + "/upload/\(configuration.apiVersion)/files")
        start.method = .POST
        start.headers.add(name: "x-goog-api-key", value: configuration.apiKey)
        start.headers.add(name: "Content-Type", value: "application/json")
        start.headers.add(name: "X-Goog-Upload-Protocol", value: "resumable")
        start.headers.add(name: "X-Goog-Upload-Command", value: "start")
        start.headers.add(name: "X-Goog-Upload-Header-Content-Length", value: String(jsonl.count))
        start.headers.add(name: "X-Goog-Upload-Header-Content-Type", value: "application/jsonl")
        start.body = .bytes(ByteBuffer(bytes: try encode(["file": ["display_name": displayName]])))
        let started = try await exchange(start)
        guard let uploadURL = started.headers.first(name: "X-Goog-Upload-URL") else {
            throw .malformedResponse("the upload start answer has no X-Goog-Upload-URL")
        }
        var upload = HTTPClientRequest(url: uploadURL)
        upload.method = .POST
        upload.headers.add(name: "X-Goog-Upload-Command", value: "upload, finalize")
        upload.headers.add(name: "X-Goog-Upload-Offset", value: "0")
        upload.body = .bytes(ByteBuffer(bytes: jsonl))
        let finished = try await exchange(upload)
        return try decode(FileEnvelope.self, from: finished.body).file
    }

    struct JSONLRequest: Encodable {
        let key: String
        let request: GenerateContentRequest
    }

    func encode(_ value: some Encodable) throws(GeminiError) -> Data {
        do { return try JSONEncoder().encode(value) } catch { throw .malformedResponse("request could not be encoded: \(error)") }
    }

    func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(GeminiError) -> T {
        do { return try JSONDecoder().decode(type, from: data) } catch {
            logger.warning("gemini answer undecodable", metadata: ["type": "\(T.self)", "error": "\(error)"])
            throw .malformedResponse("\(error)")
        }
    }
}
