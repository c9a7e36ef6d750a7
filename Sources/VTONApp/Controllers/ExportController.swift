import Foundation
import Hummingbird
import NIOCore
import VTONDomain
import VTONPersistence

/// `POST /api/v1/images/export`: the result images of chosen tasks, or of a batch, as one ZIP
/// streamed while it is written, one image in memory at a time.
struct ExportController {
    let tasks: any TaskRepository
    let batches: any BatchRepository
    let files: any FileRepository
    let blobs: any BlobStore

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("export", use: export)
    }

    private struct Item {
        let name: String
        let file: StoredFile
        let modified: Date
    }

    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity().user
        let wanted = try await request.decode(as: ExportRequestDTO.self, context: context)
        let selection: ExportSelection
        do { selection = try ExportSelection.validate(taskIDs: wanted.taskIDs, batch: wanted.batchID) } catch { throw APIError.validation(error) }
        let (chosen, archiveName) = try await tasksAndName(of: selection, userID: user.id)
        let items = try await items(of: chosen)
        guard !items.isEmpty else {
            throw APIError(.conflict, code: "NOTHING_TO_EXPORT", "none of these tasks has result images (still running, failed, or expired)")
        }
        let entries = items.map { StoredZip.Entry(name: $0.name, size: $0.file.bytes) }
        guard StoredZip.fits(entries) else {
            throw APIError(.contentTooLarge, code: "TOO_LARGE", "the images weigh 4 GiB or more; export fewer tasks at a time")
        }
        let blobs = blobs
        let archive = ResponseBody { writer in
            var zip = StoredZip()
            for item in items {
                guard let data = try await blobs.get(item.file.sha256), data.count == item.file.bytes else {
                    // The length is promised already: a file deleted meanwhile can only end the download.
                    throw ExportError.fileVanished(item.file.id)
                }
                try await writer.write(ByteBuffer(bytes: zip.entry(named: item.name, modified: item.modified, data: data)))
            }
            try await writer.write(ByteBuffer(bytes: zip.end()))
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/zip", .contentLength: String(StoredZip.size(of: entries)),
                .contentDisposition: "attachment; filename=\"\(archiveName)\"",
            ],
            body: archive)
    }

    /// The chosen tasks in the order to archive them (a batch in its own order), and the archive's name.
    private func tasksAndName(of selection: ExportSelection, userID: UUID) async throws -> ([ImageTask], String) {
        let today = Date().formatted(.iso8601.year().month().day())
        switch selection {
        case .batch(let reference):
            guard let batch = try await batches.find(reference: reference, userID: userID) else { throw APIError.notFound("batch") }
            let ordered = try await batches.tasks(of: batch.id).sorted { ($0.batchIndex ?? 0) < ($1.batchIndex ?? 0) }
            return (ordered, "vton-batch-\(today)-\(batch.id.lowercasedText).zip")
        case .tasks(let ids):
            let found = Dictionary(uniqueKeysWithValues: try await tasks.find(ids: ids, userID: userID).map { ($0.id, $0) })
            if let missing = ids.firstIndex(where: { found[$0] == nil }) {
                throw APIError.validation(ValidationError(field: "task_ids[\(missing)]", "no such task"))
            }
            return (ids.compactMap { found[$0] }, "vton-export-\(today)-\(ids.count)-tasks.zip")
        }
    }

    private func items(of tasks: [ImageTask]) async throws -> [Item] {
        let images = tasks.flatMap { task in
            task.result?.expired == true ? [] : (task.result?.images ?? []).enumerated().map { (task, $0.offset + 1, $0.element) }
        }
        let stored = Dictionary(uniqueKeysWithValues: try await files.find(ids: images.map(\.2.fileID)).map { ($0.id, $0) })
        return images.compactMap { task, number, image in
            stored[image.fileID].map {
                Item(
                    name: ResultFileName.of(task, imageNumber: number, mimeType: image.mimeType), file: $0,
                    modified: task.finishedAt ?? task.createdAt)
            }
        }
    }
}

enum ExportError: Error {
    case fileVanished(UUID)
}
