import FluentPostgresDriver
import Foundation
import VTONMySQL

/// A transaction that the database broke off to undo a deadlock with another one (MySQL's 1213,
/// PostgreSQL's 40P01) or could not serialise (40001) is run again, as both databases ask of
/// their clients; it was undone whole, so running it again is safe. Without this, a worker whose
/// finish lost such a race left its task `running` until the lease ran out, and the task was
/// generated, and paid for, a second time.
enum TransactionRetry {
    static let attempts = 3

    static func run<T>(_ transaction: () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await transaction()
            } catch  where attempt < attempts && wasBrokenOff(error) {
                attempt += 1
                // Apart, so that the two do not meet again at once.
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...50)))
            }
        }
    }

    static func wasBrokenOff(_ error: any Error) -> Bool {
        if let mysql = error as? MySQLError { return mysql.code == 1213 || mysql.sqlState == "40001" }
        if let postgres = error as? PSQLError, let state = postgres.serverInfo?[.sqlState] { return state == "40P01" || state == "40001" }
        return false
    }
}
