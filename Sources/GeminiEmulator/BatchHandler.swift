import Foundation
import GeminiClient
import VTONDomain

/// The Batch API (gemini-rest.md §5): create, get, list, cancel, delete, with results
/// inline for inline input and as a generated JSONL file for file input, as the service does.
struct BatchHandler: Sendable {
    let configuration: EmulatorConfiguration
    let registry: BatchRegistry
    let generate: GenerateContentHandler
    static let metadataType = "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch"

    func create(model modelID: String, version: String, body: Data) async throws -> BatchOperation {
        guard let model = ModelCatalogue.model(id: modelID) else { throw ProviderError.modelNotFound(modelID, version: version) }
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: body) } catch {
            throw ProviderError.invalidArgument("Invalid JSON payload received. Unexpected token.")
        }
        let normalised = try WireNormaliser.normalise(json, as: "CreateBatchBody")
        let spec: CreateBatchBody
        do { spec = try JSONDecoder().decode(CreateBatchBody.self, from: JSONSerialization.data(withJSONObject: normalised)) } catch {
            throw ProviderError.invalidArgument("Invalid JSON payload received. \(error)")
        }
        var requests: [(metadata: RequestMetadata?, request: GenerateContentRequest)] = []
        if let inline = spec.batch.inputConfig.requests?.requests {
            requests = inline.map { ($0.metadata, $0.request) }
        } else if let fileName = spec.batch.inputConfig.fileName {
            requests = try await readJSONL(fileName)
        }
        guard !requests.isEmpty else {
            throw ProviderError.invalidArgument(
                "* BatchGenerateContentRequest.batch.input_config: requests or file_name must be set", field: "batch.input_config")
        }
        let id = String((0..<40).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement()! })
        let batch = BatchRegistry.Batch(
            id: id, model: model, displayName: spec.batch.displayName, requests: requests, inputFile: spec.batch.inputConfig.fileName,
            created: Date(), state: .pending)
        await registry.add(batch)
        return operation(for: batch)
    }

    func get(_ id: String) async throws -> BatchOperation {
        guard let batch = await registry.batch(id) else { throw ProviderError.notFound }
        return operation(for: try await advance(batch))
    }

    func cancel(_ id: String) async throws -> EmptyBody {
        guard let found = await registry.batch(id) else { throw ProviderError.notFound }
        var batch = try await advance(found)
        guard !batch.state.isTerminal else {
            throw ProviderError(400, "FAILED_PRECONDITION", "Batch \(id) is already in a terminal state \(batch.state.wireValue).")
        }
        batch.cancelled = Date()
        batch.ended = batch.cancelled
        batch.state = .cancelled
        await registry.update(batch)
        return EmptyBody()
    }

    func delete(_ id: String) async throws -> EmptyBody {
        guard await registry.delete(id) else { throw ProviderError.notFound }
        return EmptyBody()
    }

    func list(pageSize: Int, pageToken: String?) async throws -> BatchList {
        let all = await registry.allBatches
        let start = pageToken.flatMap(Int.init) ?? 0
        var operations: [BatchOperation] = []
        for batch in all.dropFirst(start).prefix(max(pageSize, 1)) { operations.append(operation(for: try await advance(batch))) }
        let next = start + operations.count < all.count ? String(start + operations.count) : nil
        return BatchList(operations: operations, nextPageToken: next)
    }

    /// Moves the batch along the clock; results are drawn once, when it reaches its end.
    private func advance(_ batch: BatchRegistry.Batch) async throws -> BatchRegistry.Batch {
        guard !batch.state.isTerminal else { return batch }
        let elapsed = Date().timeIntervalSince(batch.created)
        let phase = configuration.batchPhaseSeconds
        if elapsed < phase { return batch }
        var batch = batch
        if elapsed < 2 * phase {
            batch.state = .running
            await registry.update(batch)
            return batch
        }
        let prompts = batch.requests.map { $0.request.contents.flatMap { $0.parts ?? [] }.compactMap(\.text).joined(separator: "\n") }
        if prompts.contains(where: { $0.contains("[[expire]]") }) {
            batch.state = .expired
        } else if prompts.contains(where: { $0.contains("[[batch_fail]]") }) {
            batch.state = .failed
        } else {
            (batch.output, batch.failedCount) = try await results(of: batch)
            batch.state = .succeeded
        }
        batch.ended = Date()
        // A concurrent poll (or a cancel) may have ended it meanwhile; the first ending stands.
        if let current = await registry.batch(batch.id), current.state.isTerminal { return current }
        await registry.update(batch)
        return batch
    }

    private func results(of batch: BatchRegistry.Batch) async throws -> (BatchOutput, Int) {
        var items: [InlinedResponse] = []
        for (metadata, request) in batch.requests { items.append(await result(of: request, metadata: metadata, model: batch.model)) }
        let failed = items.filter { $0.error != nil }.count
        guard batch.inputFile != nil else { return (BatchOutput(inlinedResponses: InlinedResponses(inlinedResponses: items)), failed) }
        var jsonl = Data()
        let encoder = JSONEncoder()
        for item in items {
            jsonl += try encoder.encode(ResultLine(key: item.metadata?.key, response: item.response, error: item.error))
            jsonl.append(UInt8(ascii: "\n"))
        }
        let name = "batch-\(batch.id)"
        let now = Self.timestamp(Date())
        let resource = FileResource(
            name: "files/\(name)", displayName: name, mimeType: "application/jsonl", sizeBytes: jsonl.count, createTime: now,
            expirationTime: Self.timestamp(Date().addingTimeInterval(48 * 3600)), uri: nil,
            downloadUri: "/download/v1beta/files/\(name):download?alt=media", state: "ACTIVE", source: "GENERATED")
        await registry.addFile(id: name, resource: resource, data: jsonl)
        return (BatchOutput(responsesFile: "files/\(name)"), failed)
    }

    /// One request's answer, failures as google.rpc.Status with gRPC codes.
    private func result(of request: GenerateContentRequest, metadata: RequestMetadata?, model: ImageModel) async -> InlinedResponse {
        do {
            let prepared = try GenerateContentHandler.prepare(request, model: model)
            let fault = await generate.fault(for: prepared.prompt)
            switch fault {
            case .status(let status):
                let error = ProviderError.injected(status).envelope.error
                return InlinedResponse(response: nil, error: RPCStatus(code: Self.grpcCode(http: status), message: error.message), metadata: metadata)
            case .hang:
                return InlinedResponse(
                    response: nil, error: RPCStatus(code: 4, message: "Deadline expired before operation could complete."), metadata: metadata)
            default:
                return InlinedResponse(response: try await GenerateContentHandler.produce(prepared, fault: fault), error: nil, metadata: metadata)
            }
        } catch let error as ProviderError {
            return InlinedResponse(response: nil, error: RPCStatus(code: 3, message: error.envelope.error.message), metadata: metadata)
        } catch {
            return InlinedResponse(response: nil, error: RPCStatus(code: 13, message: "\(error)"), metadata: metadata)
        }
    }

    private func readJSONL(_ fileName: String) async throws -> [(metadata: RequestMetadata?, request: GenerateContentRequest)] {
        let id = fileName.split(separator: "/").last.map(String.init) ?? fileName
        guard let file = await registry.file(id) else {
            throw ProviderError(403, "PERMISSION_DENIED", "You do not have permission to access the File \(id) or it may not exist.")
        }
        var requests: [(metadata: RequestMetadata?, request: GenerateContentRequest)] = []
        for line in file.data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw ProviderError.invalidArgument("Invalid JSONL input file: a line is not a JSON object.")
            }
            // The documented form wraps the request; a bare request is accepted too.
            let wrapped = object["request"] != nil ? object : ["request": object]
            let normalised = try WireNormaliser.normalise(wrapped, as: "JSONLLine")
            let data = try JSONSerialization.data(withJSONObject: normalised)
            guard let entry = try? JSONDecoder().decode(JSONLEntry.self, from: data) else {
                throw ProviderError.invalidArgument("Invalid JSONL input file: a line is not a GenerateContentRequest.")
            }
            requests.append((entry.key.map { RequestMetadata(key: $0) }, entry.request))
        }
        return requests
    }

    struct JSONLEntry: Decodable {
        let key: String?
        let request: GenerateContentRequest
    }

    func operation(for batch: BatchRegistry.Batch) -> BatchOperation {
        let total = batch.requests.count
        let succeeded = batch.state == .succeeded ? total - batch.failedCount : 0
        let pending = batch.state.isTerminal ? 0 : total
        let metadata = BatchMetadata(
            type: Self.metadataType, model: "models/\(batch.model.id)", displayName: batch.displayName ?? batch.id,
            state: batch.state.wireValue,
            batchStats: BatchStats(requestCount: total, successful: succeeded, failed: batch.failedCount, pending: pending),
            output: batch.output, createTime: Self.timestamp(batch.created), updateTime: Self.timestamp(batch.ended ?? batch.created),
            endTime: batch.ended.map(Self.timestamp), name: "batches/\(batch.id)")
        let error: RPCStatus? =
            switch batch.state {
            case .failed: RPCStatus(code: 13, message: "Batch processing failed.")
            case .expired: RPCStatus(code: 4, message: "Batch expired: it was pending or running for more than 48 hours.")
            default: nil
            }
        return BatchOperation(
            name: "batches/\(batch.id)", metadata: metadata, done: batch.state.isTerminal ? true : nil, error: error,
            response: batch.output.map(BatchResponse.init))
    }

    static func grpcCode(http status: Int) -> Int {
        switch status {
        case 400: 3
        case 403: 7
        case 404: 5
        case 429: 8
        case 503: 14
        case 504: 4
        default: 13
        }
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
