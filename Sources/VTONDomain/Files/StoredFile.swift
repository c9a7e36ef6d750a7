import Foundation

public enum StoredFileKind: String, Sendable, Codable {
    case upload
    case reference
    case result
}

/// A user's handle on stored bytes; several handles may share one content hash.
public struct StoredFile: Sendable, Equatable {
    public var id: UUID
    public var ownerID: UUID
    public var kind: StoredFileKind
    public var sha256: String
    public var mimeType: String
    public var width: Int
    public var height: Int
    public var bytes: Int
    public var createdAt: Date
    /// For a result: the task that produced it.
    public var taskID: UUID?

    public init(
        id: UUID = .timeOrdered(), ownerID: UUID, kind: StoredFileKind, sha256: String, mimeType: String, width: Int, height: Int, bytes: Int,
        createdAt: Date = Date(), taskID: UUID? = nil
    ) {
        self.id = id
        self.ownerID = ownerID
        self.kind = kind
        self.sha256 = sha256
        self.mimeType = mimeType
        self.width = width
        self.height = height
        self.bytes = bytes
        self.createdAt = createdAt
        self.taskID = taskID
    }
}
