import Foundation
import Synchronization

@testable import VTONApp

/// `BlobStore` in memory, keyed by SHA-256 like the one on disk.
final class InMemoryBlobStore: BlobStore {
    private let blobs = Mutex<[String: Data]>([:])

    func put(_ data: Data) async throws -> String {
        let digest = LocalBlobStore.sha256(data)
        blobs.withLock { $0[digest] = data }
        return digest
    }

    func get(_ sha256: String) async throws -> Data? {
        blobs.withLock { $0[sha256] }
    }

    func isWritable() async -> Bool { true }

    /// Made again on each call: no test here counts how often a variant is made.
    func variant(_ name: String, of sha256: String, make: @escaping @Sendable (Data) async throws -> Data) async throws -> Data? {
        guard let data = try await get(sha256) else { return nil }
        return try await make(data)
    }

    func delete(_ sha256: String) async throws {
        _ = blobs.withLock { $0.removeValue(forKey: sha256) }
    }
}
