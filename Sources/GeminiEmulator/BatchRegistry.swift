import Foundation
import GeminiClient
import VTONDomain

/// The emulator's batches and files, in memory. A batch's state follows the clock:
/// PENDING for one phase, RUNNING for the next, then SUCCEEDED (or EXPIRED / FAILED when a
/// prompt asks for it with `[[expire]]` / `[[batch_fail]]`); cancel ends it at once.
actor BatchRegistry {
    struct Batch {
        let id: String
        let model: ImageModel
        let displayName: String?
        let requests: [(metadata: RequestMetadata?, request: GenerateContentRequest)]
        let inputFile: String?
        let created: Date
        var cancelled: Date?
        var output: BatchOutput?
        var failedCount = 0
        var ended: Date?
        var state: BatchState
    }

    struct StoredFile {
        var resource: FileResource
        var data: Data
    }

    struct Upload {
        let displayName: String?
        let mimeType: String
        /// The id the caller chose (`file.name`), if any.
        let chosenID: String?
        var data = Data()
    }

    private var batches: [String: Batch] = [:]
    private var order: [String] = []
    private var files: [String: StoredFile] = [:]
    private var uploads: [String: Upload] = [:]

    func add(_ batch: Batch) {
        batches[batch.id] = batch
        order.append(batch.id)
    }

    func batch(_ id: String) -> Batch? { batches[id] }
    func update(_ batch: Batch) { batches[batch.id] = batch }
    func delete(_ id: String) -> Bool { batches.removeValue(forKey: id) != nil }
    var allBatches: [Batch] { order.compactMap { batches[$0] } }

    func startUpload(id: String, displayName: String?, mimeType: String, chosenID: String?) throws {
        if let chosenID, files[chosenID] != nil {
            throw ProviderError(409, "ALREADY_EXISTS", "File files/\(chosenID) already exists.")
        }
        uploads[id] = Upload(displayName: displayName, mimeType: mimeType, chosenID: chosenID)
    }

    /// Appends bytes at `offset`; returns the finished file when `finalize` is set.
    func receive(uploadID: String, offset: Int, bytes: Data, finalize: Bool, makeResource: (String, Upload) -> FileResource) throws -> FileResource? {
        guard var upload = uploads[uploadID] else { throw ProviderError.notFound }
        guard offset == upload.data.count else {
            throw ProviderError.invalidArgument("X-Goog-Upload-Offset \(offset) does not match the \(upload.data.count) bytes received")
        }
        upload.data.append(bytes)
        uploads[uploadID] = upload
        guard finalize else { return nil }
        uploads[uploadID] = nil
        let id = upload.chosenID ?? String((0..<12).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement()! })
        let resource = makeResource(id, upload)
        files[id] = StoredFile(resource: resource, data: upload.data)
        return resource
    }

    func addFile(id: String, resource: FileResource, data: Data) { files[id] = StoredFile(resource: resource, data: data) }
    func file(_ id: String) -> StoredFile? { files[id] }
    func deleteFile(_ id: String) -> Bool { files.removeValue(forKey: id) != nil }
    var allFiles: [FileResource] { files.values.map(\.resource).sorted { $0.name < $1.name } }
}
