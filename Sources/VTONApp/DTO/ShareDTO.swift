import Foundation
import VTONDomain

/// `POST /api/v1/images/tasks/{task_id}/shares`.
struct CreateShareDTO: Decodable {
    let expiresInSeconds: Int?

    enum CodingKeys: String, CodingKey {
        case expiresInSeconds = "expires_in_seconds"
    }
}

/// A share link as its owner sees it.
struct ShareLinkDTO: Encodable {
    let shareID: UUID
    let taskID: UUID
    let token: String
    /// The web client's page for the link (open to anyone holding it).
    let url: String
    let state: String
    let createdAt: Date
    let expiresAt: Date
    let revokedAt: Date?

    init(_ link: ShareLink, now: Date = Date()) {
        shareID = link.id
        taskID = link.taskID
        token = link.token
        url = "/#/shared/\(link.token)"
        state = link.state(at: now).rawValue
        createdAt = link.createdAt
        expiresAt = link.expiresAt
        revokedAt = link.revokedAt
    }

    enum CodingKeys: String, CodingKey {
        case shareID = "share_id", taskID = "task_id", token, url, state, createdAt, expiresAt, revokedAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(shareID, forKey: .shareID)
        try container.encode(taskID, forKey: .taskID)
        try container.encode(token, forKey: .token)
        try container.encode(url, forKey: .url)
        try container.encode(state, forKey: .state)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(revokedAt, forKey: .revokedAt)
    }
}

struct ShareLinkListDTO: Encodable {
    let shares: [ShareLinkDTO]
}

/// What a share link shows to anyone: the results and what they were made from in words, not
/// who made them or their inputs.
struct SharedTaskDTO: Encodable {
    let taskType: String
    let prompt: String
    let tryonCategory: String?
    let images: [ResultImageDTO]
    let finishedAt: Date?
    let expiresAt: Date

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: WireKey.self)
        try container.encode(taskType, forKey: WireKey(stringValue: "task_type"))
        try container.encode(prompt, forKey: WireKey(stringValue: "prompt"))
        try container.encode(tryonCategory, forKey: WireKey(stringValue: "tryon_category"))
        try container.encode(images, forKey: WireKey(stringValue: "images"))
        try container.encode(finishedAt, forKey: WireKey(stringValue: "finished_at"))
        try container.encode(expiresAt, forKey: WireKey(stringValue: "expires_at"))
    }
}
