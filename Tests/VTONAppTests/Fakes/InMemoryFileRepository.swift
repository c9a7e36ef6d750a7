import Foundation
import Synchronization
import VTONDomain
import VTONPersistence

/// `FileRepository` in memory, for services that record uploads and results.
final class InMemoryFileRepository: FileRepository {
    private let files = Mutex<[UUID: StoredFile]>([:])

    func create(_ file: StoredFile) async throws {
        files.withLock { $0[file.id] = file }
    }

    func find(id: UUID) async throws -> StoredFile? {
        files.withLock { $0[id] }
    }

    func find(ids: [UUID]) async throws -> [StoredFile] {
        files.withLock { files in ids.compactMap { files[$0] } }
    }

    func stored(before cutoff: Date, limit: Int) async throws -> [StoredFile] {
        files.withLock { files in Array(files.values.filter { $0.createdAt < cutoff }.sorted { $0.createdAt < $1.createdAt }.prefix(limit)) }
    }

    func delete(ids: [UUID]) async throws {
        files.withLock { files in for id in ids { files[id] = nil } }
    }

    func count(sha256: String) async throws -> Int {
        files.withLock { files in files.values.filter { $0.sha256 == sha256 }.count }
    }

    func ids(ownerID: UUID, sha256: String, limit: Int) async throws -> [UUID] {
        files.withLock { files in
            Array(files.values.filter { $0.ownerID == ownerID && $0.sha256 == sha256 }.sorted { $0.createdAt < $1.createdAt }.prefix(limit).map(\.id))
        }
    }
}
