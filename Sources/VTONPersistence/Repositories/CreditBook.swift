import FluentKit
import Foundation
import SQLKit
import VTONDomain

/// Moves a user's credits and writes the ledger row, inside the caller's transaction, so a
/// task's state and its charge are committed together or not at all.
enum CreditBook {
    @discardableResult
    static func move(
        userID: UUID, delta: Int, kind: LedgerKind, taskID: UUID? = nil, actorID: UUID? = nil, reason: String? = nil,
        on database: any Database
    ) async throws -> LedgerEntry {
        let entry = try await change(userID: userID, delta: delta, kind: kind, taskID: taskID, actorID: actorID, reason: reason, on: database)
        return try await CreditLedgerModel.insert(entry, on: database)
    }

    /// One atomic update that refuses to go below zero, so concurrent spends cannot overdraw;
    /// answers the ledger row to write for it.
    static func change(
        userID: UUID, delta: Int, kind: LedgerKind, taskID: UUID? = nil, actorID: UUID? = nil, reason: String? = nil,
        on database: any Database
    ) async throws -> LedgerEntry {
        let sql = database as! any SQLDatabase
        let rows = try await sql.raw(
            "UPDATE users SET credits = credits + \(bind: delta) WHERE id = \(bind: userID) AND credits + \(bind: delta) >= 0 RETURNING credits"
        ).all()
        guard let row = rows.first else {
            let available = try await UserModel.find(userID, on: database)?.credits ?? 0
            throw InsufficientCredits(needed: -delta, available: available)
        }
        return LedgerEntry(
            userID: userID, kind: kind, delta: delta, balanceAfter: try row.decode(column: "credits", as: Int.self), taskID: taskID,
            actorID: actorID, reason: reason)
    }

    /// Takes a new task's price from its owner's balance; nil when the task holds nothing.
    static func hold(for task: ImageTask, on database: any Database) async throws -> LedgerEntry? {
        guard task.creditState == .reserved, task.creditsHeld > 0 else { return nil }
        return try await change(userID: task.userID, delta: -task.creditsHeld, kind: .reserve, taskID: task.id, on: database)
    }

    /// Captures or releases what a task holds once it has ended; marks the task accordingly.
    /// `heldBefore` is what it held before this change: a success charged less than that (a
    /// batch delivered it at half) captures the charge and releases the rest.
    static func settle(_ task: inout ImageTask, heldBefore: Int, on database: any Database) async throws {
        guard let kind = task.creditSettlement else { return }
        switch kind {
        case .capture:
            try await move(userID: task.userID, delta: 0, kind: .capture, taskID: task.id, on: database)
            let unused = heldBefore - task.creditsHeld
            if unused > 0 {
                try await move(
                    userID: task.userID, delta: unused, kind: .release, taskID: task.id, reason: "delivered by a batch at half price", on: database)
            }
            task.creditState = .captured
        default:
            try await move(userID: task.userID, delta: task.creditsHeld, kind: .release, taskID: task.id, on: database)
            task.creditState = .released
        }
    }
}
