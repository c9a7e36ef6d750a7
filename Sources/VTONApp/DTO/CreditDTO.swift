import Foundation
import VTONDomain

struct BalanceDTO: Encodable {
    let credits: Int
    /// Credits held by the caller's unfinished tasks (already taken off `credits`).
    let held: Int
    let unlimited: Bool
    let usdPerCredit: Double
}

struct LedgerEntryDTO: Encodable {
    let id: Int
    let userId: UUID
    let kind: String
    let delta: Int
    let balanceAfter: Int
    let taskId: UUID?
    let actorId: UUID?
    let reason: String?
    let createdAt: Date

    init(_ entry: LedgerEntry) {
        id = entry.id
        userId = entry.userID
        kind = entry.kind.rawValue
        delta = entry.delta
        balanceAfter = entry.balanceAfter
        taskId = entry.taskID
        actorId = entry.actorID
        reason = entry.reason
        createdAt = entry.createdAt
    }
}

struct CreditAdjustDTO: Decodable {
    let userId: UUID
    let delta: Int
    let reason: String

    enum CodingKeys: String, CodingKey {
        case userId = "user_id"
        case delta, reason
    }
}
