import FluentKit
import Foundation
import VTONDomain

final class CreditLedgerModel: Model, @unchecked Sendable {
    static let schema = "credit_ledger"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "delta") var delta: Int
    @Field(key: "balance_after") var balanceAfter: Int
    @OptionalField(key: "task_id") var taskID: UUID?
    @OptionalField(key: "actor_id") var actorID: UUID?
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var domain: LedgerEntry {
        LedgerEntry(
            id: id!, userID: userID, kind: LedgerKind(rawValue: kind) ?? .grant, delta: delta, balanceAfter: balanceAfter, taskID: taskID,
            actorID: actorID, reason: reason, createdAt: createdAt)
    }
}
