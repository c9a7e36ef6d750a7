import Foundation
import GeminiClient
import Logging
import ServiceLifecycle
import VTONDomain

/// Draws batch results in the background, one request at a time, appending each to the
/// batch's results on disk as soon as it is ready: a poll never waits for drawing, and a
/// restart resumes after the last result written.
struct BatchWorker: Service {
    let store: BatchStore
    let files: FileStore
    let generate: GenerateContentHandler
    let logger: Logger
    /// Deleted when the worker stops, after the server (services stop in reverse order).
    let removeOnShutdown: URL?
    static let idle = Duration.milliseconds(200)

    var phaseSeconds: Double { generate.configuration.batchPhaseSeconds }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                guard let record = await store.nextWork(now: Date(), phaseSeconds: phaseSeconds) else {
                    try await Task.sleep(for: Self.idle)
                    continue
                }
                do { try await work(on: record) } catch is CancellationError { return } catch {
                    logger.error("emulator batch results could not be written", metadata: ["batch": "\(record.id)", "error": "\(error)"])
                    try await Task.sleep(for: .seconds(1))
                }
            }
        }
        if let removeOnShutdown { try? FileManager.default.removeItem(at: removeOnShutdown) }
    }

    private func work(on record: BatchRecord) async throws {
        let output = record.inputFile == nil ? await store.inlineResultsURL(record.id) : await files.contentURL(record.resultsFileID)
        if record.produced < record.requestCount {
            let reader = try LineReader(await store.requestsURL(record.id))
            for _ in 0..<record.produced { _ = try reader.next() }
            while let line = try reader.next() {
                try Task.checkCancellation()
                // A cancel or delete stops the batch between two results.
                guard let current = await store.record(record.id), current.needsResults(now: Date(), phaseSeconds: phaseSeconds) else { return }
                let item = await result(of: try JSONDecoder().decode(StoredRequest.self, from: line), record: record)
                try JSONLines.append(try JSONEncoder().encode(item), to: output)
                try await store.produced(record.id, failed: item.error != nil, at: Date())
            }
        }
        guard record.inputFile != nil, let current = await store.record(record.id), current.needsFiling else { return }
        let size = (try FileManager.default.attributesOfItem(atPath: output.path)[.size] as? Int) ?? 0
        let name = record.resultsFileID
        try await files.add(
            id: name,
            resource: FileResource(
                name: "files/\(name)", displayName: name, mimeType: "application/jsonl", sizeBytes: size, createTime: Timestamp.string(Date()),
                expirationTime: Timestamp.string(Date().addingTimeInterval(48 * 3600)), uri: nil,
                downloadUri: "/download/v1beta/files/\(name):download?alt=media", state: "ACTIVE", source: "GENERATED"))
        try await store.filed(record.id)
    }

    /// One request's answer; failures as google.rpc.Status with gRPC codes (§5.2).
    private func result(of stored: StoredRequest, record: BatchRecord) async -> ResultItem {
        func failure(_ error: ProviderError) -> ResultItem {
            ResultItem(record, stored, error: RPCStatus(code: error.grpcCode, message: error.message))
        }
        do {
            guard let model = ModelCatalogue.model(id: record.model) else { return failure(.modelNotFound(record.model, version: "v1beta")) }
            var prepared = try GenerateContentHandler.prepare(stored.request, model: model)
            prepared.grain = generate.configuration.grain
            let fault = await generate.fault(for: prepared.prompt)
            switch fault {
            case .status(let status): return failure(.injected(status, model: model.id))
            case .quotaZero: return failure(.quotaZero(model: model.id))
            case .hang: return failure(ProviderError(504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete."))
            default: return ResultItem(record, stored, response: try await GenerateContentHandler.produce(prepared, fault: fault))
            }
        } catch let error as ProviderError {
            return failure(error)
        } catch {
            return failure(ProviderError(500, "INTERNAL", "An internal error has occurred: \(error)"))
        }
    }
}

/// One request of a batch as kept on disk: its metadata and the request, normalised.
struct StoredRequest: Codable {
    let metadata: RequestMetadata?
    let request: GenerateContentRequest
}

/// One result: an element of `inlinedResponses` for inline input (with the request's
/// `metadata`), a line of the results file for file input (with its `key`).
struct ResultItem: Encodable {
    let response: Answer?
    let error: RPCStatus?
    let metadata: RequestMetadata?
    let key: String?

    init(_ record: BatchRecord, _ stored: StoredRequest, response: Answer? = nil, error: RPCStatus? = nil) {
        self.response = response
        self.error = error
        metadata = record.inputFile == nil ? stored.metadata : nil
        key = record.inputFile == nil ? nil : stored.metadata?.key
    }
}

enum Timestamp {
    /// RFC 3339 with fractional seconds and `Z` (§1.4).
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
