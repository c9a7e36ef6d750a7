import Foundation
import GeminiClient
import Hummingbird
import VTONDomain

/// The Batch API (gemini-rest.md §5): create, get, list, cancel, delete. Results come inline
/// for inline input and as a generated JSONL file for file input, as the service does; they
/// are drawn by `BatchWorker` and read from disk when served.
struct BatchHandler: Sendable {
    let configuration: EmulatorConfiguration
    let store: BatchStore
    let files: FileStore
    let models: ModelDirectory
    static let metadataType = "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch"

    func create(model modelID: String, version: String, body: Data) async throws -> Response {
        let model = try models.imageModel(modelID, version: version, method: "batchGenerateContent")
        guard configuration.billing else { throw ProviderError.quotaZero(model: model.id) }
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: body) } catch {
            throw ProviderError.invalidArgument("Invalid JSON payload received. Unexpected token.")
        }
        let normalised = try WireNormaliser.normalise(json, as: "CreateBatchBody")
        let spec: CreateBatchBody
        do { spec = try JSONDecoder().decode(CreateBatchBody.self, from: JSONSerialization.data(withJSONObject: normalised)) } catch {
            throw ProviderError.invalidArgument("Invalid JSON payload received. \(error)")
        }
        let id = String((0..<40).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement()! })
        let writer = RequestsWriter(url: await store.requestsURL(id))
        do {
            if let inline = spec.batch.inputConfig.requests?.requests {
                for item in inline { try writer.write(StoredRequest(metadata: item.metadata, request: item.request)) }
            } else if let fileName = spec.batch.inputConfig.fileName {
                try await readJSONL(fileName, into: writer)
            }
            guard writer.count > 0 else {
                throw ProviderError.invalidArgument(
                    "* BatchGenerateContentRequest.batch.input_config: requests or file_name must be set", field: "batch.input_config")
            }
        } catch {
            try? FileManager.default.removeItem(at: writer.url)
            throw error
        }
        let record = BatchRecord(
            id: id, model: model.id, displayName: spec.batch.displayName, inputFile: spec.batch.inputConfig.fileName, requestCount: writer.count,
            created: Date(), plannedEnd: writer.plannedEnd)
        try await store.add(record)
        return try StreamedBody.json(operation(for: record, now: Date()), inlineResults: [])
    }

    func get(_ id: String) async throws -> Response {
        guard let record = await store.record(id) else { throw ProviderError.notFound }
        let (operations, inlineResults) = await operations(for: [record])
        return try StreamedBody.json(operations[0], inlineResults: inlineResults)
    }

    func list(pageSize: Int, pageToken: String?) async throws -> Response {
        let all = await store.all
        let start = pageToken.flatMap(Int.init) ?? 0
        let page = Array(all.dropFirst(start).prefix(max(pageSize, 1)))
        let (operations, inlineResults) = await operations(for: page)
        let next = start + page.count < all.count ? String(start + page.count) : nil
        return try StreamedBody.json(BatchList(operations: operations, nextPageToken: next), inlineResults: inlineResults)
    }

    func cancel(_ id: String) async throws -> EmptyBody {
        guard let record = await store.record(id) else { throw ProviderError.notFound }
        let state = record.state(now: Date(), phaseSeconds: configuration.batchPhaseSeconds)
        guard !state.isTerminal else {
            throw ProviderError(400, "FAILED_PRECONDITION", "Batch \(id) is already in a terminal state \(state.wireValue).")
        }
        try await store.cancel(id, at: Date())
        return EmptyBody()
    }

    func delete(_ id: String) async throws -> EmptyBody {
        guard await store.delete(id) else { throw ProviderError.notFound }
        return EmptyBody()
    }

    /// The operations, and the results files their inline outputs are to be filled from, in order.
    private func operations(for records: [BatchRecord]) async -> ([BatchOperation], [URL]) {
        let now = Date()
        var operations: [BatchOperation] = []
        var inlineResults: [URL] = []
        for record in records {
            let operation = operation(for: record, now: now)
            if operation.metadata?.output?.inlinedResponses != nil {
                // The results appear twice: in metadata.output and in response (§5.2).
                let url = await store.inlineResultsURL(record.id)
                inlineResults += [url, url]
            }
            operations.append(operation)
        }
        return (operations, inlineResults)
    }

    func operation(for record: BatchRecord, now: Date) -> BatchOperation {
        let phase = configuration.batchPhaseSeconds
        let state = record.state(now: now, phaseSeconds: phase)
        let output: BatchOutput? =
            state != .succeeded
            ? nil
            : record.inputFile == nil
                ? BatchOutput(inlinedResponses: InlinedResponses(inlinedResponses: [])) : BatchOutput(responsesFile: "files/\(record.resultsFileID)")
        let ended = record.ended(now: now, phaseSeconds: phase)
        let metadata = BatchMetadata(
            type: Self.metadataType, model: "models/\(record.model)", displayName: record.displayName ?? record.id, state: state.wireValue,
            batchStats: BatchStats(
                requestCount: record.requestCount, successful: record.produced - record.failed, failed: record.failed,
                pending: state.isTerminal ? 0 : record.requestCount - record.produced),
            output: output, createTime: Timestamp.string(record.created), updateTime: Timestamp.string(ended ?? record.producedAt ?? record.created),
            endTime: ended.map(Timestamp.string), name: "batches/\(record.id)")
        let error: RPCStatus? =
            switch state {
            case .failed: RPCStatus(code: 13, message: "Batch processing failed.")
            case .expired: RPCStatus(code: 4, message: "Batch expired: it was pending or running for more than 48 hours.")
            default: nil
            }
        return BatchOperation(
            name: "batches/\(record.id)", metadata: metadata, done: state.isTerminal ? true : nil, error: error,
            response: output.map(BatchResponse.init))
    }

    /// Validates an uploaded JSONL file line by line into the batch's stored requests.
    private func readJSONL(_ fileName: String, into writer: RequestsWriter) async throws {
        let id = fileName.split(separator: "/").last.map(String.init) ?? fileName
        guard await files.file(id) != nil else { throw FilesHandler.missing(id) }
        let reader = try LineReader(await files.contentURL(id))
        while let line = try reader.next() {
            guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
                throw ProviderError.invalidArgument("Invalid JSONL input file: a line is not a JSON object.")
            }
            // The documented form wraps the request; a bare request is accepted too.
            let wrapped = object["request"] != nil ? object : ["request": object]
            let normalised = try WireNormaliser.normalise(wrapped, as: "JSONLLine")
            guard let entry = try? JSONDecoder().decode(JSONLEntry.self, from: JSONSerialization.data(withJSONObject: normalised)) else {
                throw ProviderError.invalidArgument("Invalid JSONL input file: a line is not a GenerateContentRequest.")
            }
            try writer.write(StoredRequest(metadata: entry.key.map { RequestMetadata(key: $0) }, request: entry.request))
        }
    }

    struct JSONLEntry: Decodable {
        let key: String?
        let request: GenerateContentRequest
    }
}

/// Writes a new batch's requests to disk as they are read, noting how the batch is to end.
final class RequestsWriter {
    let url: URL
    private(set) var count = 0
    private(set) var plannedEnd = BatchState.succeeded

    init(url: URL) { self.url = url }

    func write(_ stored: StoredRequest) throws {
        let prompt = stored.request.contents.flatMap { $0.parts ?? [] }.compactMap(\.text).joined(separator: "\n")
        if prompt.contains("[[expire]]") {
            plannedEnd = .expired
        } else if prompt.contains("[[batch_fail]]"), plannedEnd != .expired {
            plannedEnd = .failed
        }
        try JSONLines.append(try JSONEncoder().encode(stored), to: url)
        count += 1
    }
}
