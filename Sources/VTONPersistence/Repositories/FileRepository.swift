import FluentKit
import Foundation
import VTONDomain

public protocol FileRepository: Sendable {
    func create(_ file: StoredFile) async throws
    func find(id: UUID) async throws -> StoredFile?
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
}
