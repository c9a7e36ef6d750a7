import Foundation
import Hummingbird
import NIOPosix

/// Content-addressed bytes: the key is the SHA-256 of the content, so the same image is kept once.
public protocol BlobStore: Sendable {
    /// Stores the bytes (if not already there) and returns their hex SHA-256.
    func put(_ data: Data) async throws -> String
    func get(_ sha256: String) async throws -> Data?
    /// Whether new blobs can be written right now (for readiness checks).
    func isWritable() async -> Bool
    /// A variant of a blob (a thumbnail, a conversion) made from it once and kept under its own
    /// name; nil when the blob itself is not there.
    func variant(_ name: String, of sha256: String, make: @escaping @Sendable (Data) async throws -> Data) async throws -> Data?
    /// Removes a blob and every variant made from it.
    func delete(_ sha256: String) async throws
    /// The blob as a response body that passes its bytes on as the store yields them, for a
    /// download that need not hold them all; nil when the blob is not there.
    func open(_ sha256: String) async throws -> ResponseBody?
}

extension BlobStore {
    /// Read whole, for stores whose reads are whole anyway.
    public func open(_ sha256: String) async throws -> ResponseBody? {
        try await get(sha256).map { ResponseBody(byteBuffer: ByteBuffer(bytes: $0)) }
    }
}

/// Blobs as files under the data directory, written to a temporary name and renamed into
/// place so a reader never sees half a file.
public struct LocalBlobStore: BlobStore {
    let root: URL

    public init(directory: String) throws {
        root = URL(fileURLWithPath: directory).appendingPathComponent("blobs")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    public static func sha256(_ data: Data) -> String {
        CryptoText.sha256Hex(data)
    }

    func path(_ name: String) -> URL {
        root.appendingPathComponent(String(name.prefix(2))).appendingPathComponent(name)
    }

    public func put(_ data: Data) async throws -> String {
        let digest = Self.sha256(data)
        try await write(data, to: path(digest))
        return digest
    }

    public func get(_ sha256: String) async throws -> Data? {
        guard Self.isDigest(sha256) else { return nil }
        let url = path(sha256)
        return try await NIOThreadPool.singleton.runIfActive { try? Data(contentsOf: url) }
    }

    public func isWritable() async -> Bool {
        FileManager.default.isWritableFile(atPath: root.path)
    }

    public func variant(_ name: String, of sha256: String, make: @escaping @Sendable (Data) async throws -> Data) async throws -> Data? {
        guard Self.isDigest(sha256) else { return nil }
        let url = path(sha256 + "." + name)
        if let cached = try await NIOThreadPool.singleton.runIfActive({ try? Data(contentsOf: url) }) { return cached }
        guard let original = try await get(sha256) else { return nil }
        let data = try await make(original)
        try await write(data, to: url)
        return data
    }

    public func delete(_ sha256: String) async throws {
        guard Self.isDigest(sha256) else { return }
        let directory = path(sha256).deletingLastPathComponent()
        try await NIOThreadPool.singleton.runIfActive {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in names where name == sha256 || name.hasPrefix(sha256 + ".") {
                try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
            }
        }
    }

    private func write(_ data: Data, to url: URL) async throws {
        try await NIOThreadPool.singleton.runIfActive {
            if FileManager.default.fileExists(atPath: url.path) { return }
            let directory = url.deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let temporary = directory.appendingPathComponent(".\(UUID().uuidString).tmp")
            try data.write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                try? FileManager.default.removeItem(at: temporary)
                throw CocoaError(.fileWriteUnknown)
            }
        }
    }

    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
