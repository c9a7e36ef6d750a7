import Foundation
import Hummingbird
import S3Storage

/// Blobs as objects in an S3-compatible bucket (VTON_STORAGE_URL=s3://bucket/prefix), so every
/// server process reads and writes the same ones: a result one process stores, another serves.
/// Keys mirror the local layout: `blobs/ab/<sha256>` and `blobs/ab/<sha256>.<variant>`.
struct S3BlobStore: BlobStore {
    let client: S3Client

    static func key(_ name: String) -> String {
        "blobs/\(name.prefix(2))/\(name)"
    }

    func put(_ data: Data) async throws -> String {
        let digest = LocalBlobStore.sha256(data)
        // Same key, same bytes: a second put of the same content rewrites what is there.
        try await client.put(Self.key(digest), data)
        return digest
    }

    func get(_ sha256: String) async throws -> Data? {
        guard LocalBlobStore.isDigest(sha256) else { return nil }
        return try await client.get(Self.key(sha256))
    }

    /// The object's bytes go on to the caller as they arrive from S3.
    func open(_ sha256: String) async throws -> ResponseBody? {
        guard LocalBlobStore.isDigest(sha256), let object = try await client.open(Self.key(sha256)) else { return nil }
        return ResponseBody(contentLength: object.length) { writer in
            for try await chunk in object.chunks { try await writer.write(chunk) }
            try await writer.finish(nil)
        }
    }

    /// Reachable bucket, accepted keys: what a readiness check can learn without writing.
    func isWritable() async -> Bool {
        await client.bucketIsReachable()
    }

    func variant(_ name: String, of sha256: String, make: @escaping @Sendable (Data) async throws -> Data) async throws -> Data? {
        guard LocalBlobStore.isDigest(sha256) else { return nil }
        let key = Self.key(sha256 + "." + name)
        if let made = try await client.get(key) { return made }
        guard let original = try await get(sha256) else { return nil }
        let data = try await make(original)
        try await client.put(key, data)
        return data
    }

    /// The blob and every variant: those are the keys that start with its name.
    func delete(_ sha256: String) async throws {
        guard LocalBlobStore.isDigest(sha256) else { return }
        for key in try await client.keys(under: Self.key(sha256)) { try await client.delete(key) }
    }
}
