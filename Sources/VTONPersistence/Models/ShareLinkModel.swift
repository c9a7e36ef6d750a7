import FluentKit
import Foundation
import VTONDomain

final class ShareLinkModel: Model, @unchecked Sendable {
    static let schema = "share_links"

    @ID(key: .id) var id: UUID?
    @Field(key: "task_id") var taskID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "token") var token: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(_ link: ShareLink) {
        id = link.id
        taskID = link.taskID
        userID = link.userID
        token = link.token
        createdAt = link.createdAt
        expiresAt = link.expiresAt
        revokedAt = link.revokedAt
    }

    var domain: ShareLink {
        ShareLink(id: id!, taskID: taskID, userID: userID, token: token, createdAt: createdAt, expiresAt: expiresAt, revokedAt: revokedAt)
    }
}
