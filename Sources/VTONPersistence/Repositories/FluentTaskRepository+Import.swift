import FluentKit
import Foundation
import SQLKit
import VTONDomain

extension FluentTaskRepository {
    /// Which of `ids` name tasks stored here.
    public func existing(ids: [UUID]) async throws -> Set<UUID> {
        try await Self.existing(ids: ids, on: connection.database)
    }

    private static func existing(ids: [UUID], on database: any Database) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        let rows = try await (database as! any SQLDatabase).select().column("id").from(TaskColumns.table).where("id", .in, ids).all()
        return Set(try rows.map { try $0.decode(column: "id", as: UUID.self) })
    }

    /// Finished tasks brought from another system, each with the event of its final state, in
    /// one transaction; no credits move (they were paid there). Tasks already stored are left
    /// as they are. Answers how many were written.
    public func importFinished(_ tasks: [ImageTask]) async throws -> Int {
        guard !tasks.isEmpty else { return 0 }
        return try await connection.database.transaction { database in
            // On the transaction's connection: SQLite's one writer would wait for itself otherwise.
            let stored = try await Self.existing(ids: tasks.map(\.id), on: database)
            let new = tasks.filter { !stored.contains($0.id) }
            _ = try await Self.write(new, holds: [], on: database)
            return new.count
        }
    }
}
