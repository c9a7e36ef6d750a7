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
        let balance: Int
        if sql.dialect.name == "mysql" {
            balance = try await mysqlChange(userID: userID, delta: delta, on: database)
        } else {
            let rows = try await sql.raw(
                "UPDATE users SET credits = credits + \(bind: delta) WHERE id = \(bind: userID) AND credits + \(bind: delta) >= 0 RETURNING credits"
            ).all()
            guard let row = rows.first else {
                let available = try await UserModel.find(userID, on: database)?.credits ?? 0
                throw InsufficientCredits(needed: -delta, available: available)
            }
            balance = try row.decode(column: "credits", as: Int.self)
        }
        return LedgerEntry(userID: userID, kind: kind, delta: delta, balanceAfter: balance, taskID: taskID, actorID: actorID, reason: reason)
    }

    /// MySQL has no UPDATE … RETURNING: the row is locked, checked and updated in one
    /// transaction (the caller's, when it has one), so concurrent spends still cannot overdraw.
    private static func mysqlChange(userID: UUID, delta: Int, on database: any Database) async throws -> Int {
        try await database.transaction { database in
            let sql = database as! any SQLDatabase
            let row = try await sql.select().column("credits").from("users").where("id", .equal, userID).for(.update).first()
            let credits = try row?.decode(column: "credits", as: Int.self) ?? 0
            guard row != nil, credits + delta >= 0 else { throw InsufficientCredits(needed: -delta, available: credits) }
            try await sql.update("users").set("credits", to: credits + delta).where("id", .equal, userID).run()
            return credits + delta
        }
    }

    /// Takes a new task's price from its owner's balance; nil when the task holds nothing.
    static func hold(for task: ImageTask, on database: any Database) async throws -> LedgerEntry? {
        guard let hold = task.creditHold else { return nil }
        return try await change(userID: task.userID, delta: hold.delta, kind: hold.kind, taskID: task.id, on: database)
    }

    /// Captures or releases what a task holds once it has ended (`ImageTask.settleCredits`),
    /// recording each movement; marks the task accordingly.
    static func settle(_ task: inout ImageTask, heldBefore: Int, on database: any Database) async throws {
        for movement in task.settleCredits(heldBefore: heldBefore) {
            try await move(
                userID: task.userID, delta: movement.delta, kind: movement.kind, taskID: task.id, reason: movement.reason, on: database)
        }
    }
}
