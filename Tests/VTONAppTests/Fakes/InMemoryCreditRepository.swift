import Foundation
import VTONDomain

@testable import VTONPersistence

/// `CreditRepository` in memory, on the balances and ledger the task and user fakes share.
struct InMemoryCreditRepository: CreditRepository {
    let database: InMemoryDatabase

    func adjust(userID: UUID, delta: Int, actorID: UUID, reason: String) async throws -> LedgerEntry {
        try database.write { rows in
            try rows.move(userID: userID, CreditMovement(kind: delta >= 0 ? .grant : .deduct, delta: delta), actorID: actorID, reason: reason)
        }
    }

    func ledger(userID: UUID, page: Int, pageSize: Int) async throws -> LedgerPage {
        database.read { rows in
            let mine = rows.ledger.filter { $0.userID == userID }.reversed()
            return LedgerPage(entries: Array(mine.dropFirst((page - 1) * pageSize).prefix(pageSize)), total: mine.count)
        }
    }

    func ledgerSum(userID: UUID) async throws -> Int {
        database.read { rows in rows.ledger.filter { $0.userID == userID }.reduce(0) { $0 + $1.delta } }
    }
}
