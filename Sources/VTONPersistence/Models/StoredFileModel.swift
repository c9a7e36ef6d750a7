import FluentKit
import Foundation
import VTONDomain

final class StoredFileModel: Model, @unchecked Sendable {
    static let schema = "stored_files"

    @ID(key: .id) var id: UUID?
    @Field(key: "owner_id") var ownerID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "sha256") var sha256: String
    @Field(key: "mime_type") var mimeType: String
    @Field(key: "width") var width: Int
    @Field(key: "height") var height: Int
    @Field(key: "bytes") var bytes: Int
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "task_id") var taskID: UUID?

    init() {}

    init(_ file: StoredFile) {
        id = file.id
        ownerID = file.ownerID
        kind = file.kind.rawValue
        sha256 = file.sha256
        mimeType = file.mimeType
        width = file.width
        height = file.height
        bytes = file.bytes
        createdAt = file.createdAt
        taskID = file.taskID
    }

    var domain: StoredFile {
        StoredFile(
            id: id!, ownerID: ownerID, kind: StoredFileKind(rawValue: kind) ?? .upload, sha256: sha256, mimeType: mimeType,
            width: width, height: height, bytes: bytes, createdAt: createdAt, taskID: taskID)
    }
}
