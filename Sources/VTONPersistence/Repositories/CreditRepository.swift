import FluentKit
import Foundation
import SQLKit
import VTONDomain

public struct LedgerPage: Sendable {
    public let entries: [LedgerEntry]
    public let total: Int
}

public protocol CreditRepository: Sendable {
    /// An administrator's grant (positive) or deduction (negative); never below zero.
    func adjust(userID: UUID, delta: Int, actorID: UUID, reason: String) async throws -> LedgerEntry
    func ledger(userID: UUID, page: Int, pageSize: Int) async throws -> LedgerPage
    /// The sum of a user's ledger deltas, which must equal their balance.
    func ledgerSum(userID: UUID) async throws -> Int
}

public struct FluentCreditRepository: CreditRepository {
    let connection: DatabaseConnection

    public init(connection: DatabaseConnection) { self.connection = connection }

    public func adjust(userID: UUID, delta: Int, actorID: UUID, reason: String) async throws -> LedgerEntry {
        try await connection.database.transaction { database in
            try await CreditBook.move(
                userID: userID, delta: delta, kind: delta >= 0 ? .grant : .deduct, actorID: actorID, reason: reason, on: database)
        }
    }

    public func ledger(userID: UUID, page: Int, pageSize: Int) async throws -> LedgerPage {
        let query = CreditLedgerModel.query(on: try connection.database).filter(\.$userID == userID)
        let total = try await query.copy().count()
        let offset = (page - 1) * pageSize
        let rows = try await query.sort(\.$id, .descending).range(offset..<(offset + pageSize)).all()
        return LedgerPage(entries: rows.map(\.domain), total: total)
    }

    public func ledgerSum(userID: UUID) async throws -> Int {
        let rows = try await connection.read(
            "SELECT \(IntegerSum("delta")) AS total FROM credit_ledger WHERE user_id = \(bind: userID)")
        return try rows.first?.value("total", as: Int.self) ?? 0
    }
}
