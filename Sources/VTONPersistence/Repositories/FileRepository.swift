import FluentKit
import Foundation
import VTONDomain

public protocol FileRepository: Sendable {
    func create(_ file: StoredFile) async throws
    func find(id: UUID) async throws -> StoredFile?
    func find(ids: [UUID]) async throws -> [StoredFile]
    /// Files stored before `cutoff`, oldest first.
    func stored(before cutoff: Date, limit: Int) async throws -> [StoredFile]
    func delete(ids: [UUID]) async throws
    /// How many files hold this content.
    func count(sha256: String) async throws -> Int
    /// The owner's files holding this content (the same photo uploaded again), at most `limit`.
    func ids(ownerID: UUID, sha256: String, limit: Int) async throws -> [UUID]
}

public struct FluentFileRepository: FileRepository {
    let connection: DatabaseConnection

    public init(connection: DatabaseConnection) { self.connection = connection }

    public func create(_ file: StoredFile) async throws {
        try await StoredFileModel(file).create(on: connection.database)
    }

    public func find(id: UUID) async throws -> StoredFile? {
        try await StoredFileModel.find(id, on: connection.database)?.domain
    }

    public func find(ids: [UUID]) async throws -> [StoredFile] {
        guard !ids.isEmpty else { return [] }
        return try await StoredFileModel.query(on: connection.database).filter(\.$id ~~ ids).all().map(\.domain)
    }

    public func stored(before cutoff: Date, limit: Int) async throws -> [StoredFile] {
        try await StoredFileModel.query(on: connection.database).filter(\.$createdAt < cutoff).sort(\.$createdAt).limit(limit).all()
            .map(\.domain)
    }

    public func delete(ids: [UUID]) async throws {
        guard !ids.isEmpty else { return }
        try await StoredFileModel.query(on: connection.database).filter(\.$id ~~ ids).delete()
    }

    public func count(sha256: String) async throws -> Int {
        try await StoredFileModel.query(on: connection.database).filter(\.$sha256 == sha256).count()
    }

    public func ids(ownerID: UUID, sha256: String, limit: Int) async throws -> [UUID] {
        try await StoredFileModel.query(on: connection.database).filter(\.$sha256 == sha256).filter(\.$ownerID == ownerID)
            .sort(\.$createdAt).limit(limit).all().compactMap(\.id)
    }
}
