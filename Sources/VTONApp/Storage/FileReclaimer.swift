import Foundation
import VTONDomain
import VTONPersistence

/// Deletes file records, then the bytes (with their thumbnail and conversions) of each content
/// no remaining record holds: the same image stored for two tasks or two users stays until
/// its last record goes.
struct FileReclaimer: Sendable {
    let files: any FileRepository
    let tasks: any TaskRepository
    let blobs: any BlobStore

    func delete(_ doomed: [StoredFile]) async throws {
        guard !doomed.isEmpty else { return }
        try await files.delete(ids: doomed.map(\.id))
        for sha256 in Set(doomed.map(\.sha256)) where try await files.count(sha256: sha256) == 0 {
            try await blobs.delete(sha256)
        }
    }

    /// A deleted task's own files: its results and the references made for it (not the
    /// user's uploads, which live on their own), unless another task names them as references.
    func deleteFiles(of task: ImageTask) async throws {
        let ids = (task.result?.images.map(\.fileID) ?? []) + task.referenceFileIDs
        var doomed: [StoredFile] = []
        for file in try await files.find(ids: ids) where file.kind != .upload {
            if try await !tasks.referencesFile(file.id, excludingTask: task.id) { doomed.append(file) }
        }
        try await delete(doomed)
    }
}
