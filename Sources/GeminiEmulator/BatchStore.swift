import Foundation
import GeminiClient
import Logging

/// The emulator's batches on disk, loaded again on start: per batch its record, its requests
/// as normalised JSONL and its results as they are written (inline input keeps them here;
/// file input writes them straight into its generated results file).
actor BatchStore {
    let directory: URL
    private var records: [String: BatchRecord] = [:]

    init(dataDirectory: URL, logger: Logger) throws {
        directory = dataDirectory.appendingPathComponent("batches")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".json") {
            do {
                let record = try JSONDecoder().decode(BatchRecord.self, from: Data(contentsOf: directory.appendingPathComponent(name)))
                records[record.id] = record
            } catch {
                logger.error("an emulator batch record is unreadable; it is skipped", metadata: ["file": "\(name)", "error": "\(error)"])
            }
        }
    }

    func requestsURL(_ id: String) -> URL { directory.appendingPathComponent("\(id).requests.jsonl") }
    func inlineResultsURL(_ id: String) -> URL { directory.appendingPathComponent("\(id).results.jsonl") }

    func add(_ record: BatchRecord) throws {
        try save(record)
        records[record.id] = record
    }

    func record(_ id: String) -> BatchRecord? { records[id] }

    /// Oldest first, as `batches.list` shows them.
    var all: [BatchRecord] { records.values.sorted { ($0.created, $0.id) < ($1.created, $1.id) } }

    func cancel(_ id: String, at date: Date) throws {
        guard var record = records[id] else { return }
        record.cancelled = date
        try update(record)
    }

    /// Counts one more written result.
    func produced(_ id: String, failed: Bool, at date: Date) throws {
        guard var record = records[id] else { return }
        record.produced += 1
        if failed { record.failed += 1 }
        record.producedAt = date
        try update(record)
    }

    func filed(_ id: String) throws {
        guard var record = records[id] else { return }
        record.resultsFiled = true
        try update(record)
    }

    /// The oldest batch with work for the worker.
    func nextWork(now: Date, phaseSeconds: Double) -> BatchRecord? {
        all.first { $0.needsResults(now: now, phaseSeconds: phaseSeconds) || $0.needsFiling }
    }

    func delete(_ id: String) -> Bool {
        guard records.removeValue(forKey: id) != nil else { return false }
        for url in [directory.appendingPathComponent("\(id).json"), requestsURL(id), inlineResultsURL(id)] {
            try? FileManager.default.removeItem(at: url)
        }
        return true
    }

    private func update(_ record: BatchRecord) throws {
        guard records[record.id] != nil else { return }
        try save(record)
        records[record.id] = record
    }

    private func save(_ record: BatchRecord) throws {
        try JSONEncoder().encode(record).write(to: directory.appendingPathComponent("\(record.id).json"), options: .atomic)
    }
}
