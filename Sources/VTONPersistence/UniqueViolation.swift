import FluentKit

/// A write refused by a unique index: a concurrent request took the same value first. Checks
/// before a write cannot rule that out; the index decides, and this names what it guarded.
public struct UniqueViolation: Error, Sendable, Equatable {
    public let field: String

    /// Runs `write`, answering a unique-index failure as the field of `table` that the index
    /// covers. Indexes are named after their table and column: SQLite's message names
    /// `table.column` or the index, PostgreSQL's and MySQL's constraint is `uq:table.column` or the index.
    static func naming<T>(_ fields: [String], of table: String, _ write: () async throws -> T) async throws -> T {
        do {
            return try await write()
        } catch {
            guard let failure = error as? any DatabaseError, failure.isConstraintFailure else { throw error }
            let text = String(reflecting: error)
            // SQLite says "UNIQUE constraint failed: …"; PostgreSQL's state 23505 is unique_violation;
            // MySQL's error 1062 names the key in "Duplicate entry '…' for key '…'".
            guard text.contains("UNIQUE constraint") || text.contains("23505") || text.contains("Duplicate entry") else { throw error }
            let field = fields.first { text.contains("\(table).\($0)") || text.contains("\(table)_\($0)_") } ?? fields[0]
            throw UniqueViolation(field: field)
        }
    }
}
