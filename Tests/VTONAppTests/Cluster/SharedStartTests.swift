import Foundation
import Logging
import SQLKit
import Testing

@testable import VTONPersistence

/// Processes started together on one fresh PostgreSQL or MySQL database, as an operator's
/// `vton serve` units are (SQLite's file has one process).
@Suite(.serialized, .timeLimit(.minutes(2)), .enabled(if: TestServer.database != "sqlite"))
struct SharedStartTests {
    @Test func processesMigratingAtOnceAllStartOnOneSchema() async throws {
        let location = try #require(try await TestServer.fresh(TestServer.database))
        var logger = Logger(label: "test.shared-start")
        logger.logLevel = .warning
        let connections = try (0..<6).map { index in try DatabaseConnection(location: location, name: "vton test \(index)", logger: logger) }
        let failures = await withTaskGroup(of: String?.self) { group in
            for connection in connections {
                group.addTask {
                    do {
                        try await connection.migrate()
                        return nil
                    } catch { return String(describing: error) }
                }
            }
            return await group.compactMap { $0 }.reduce(into: []) { $0.append($1) }
        }
        #expect(failures.isEmpty, "\(failures)")

        let sql = try connections[0].database as! any SQLDatabase
        let applied = try await sql.raw("SELECT count(*) AS n FROM _fluent_migrations").first()?.decode(column: "n", as: Int.self)
        #expect(applied == SchemaMigrations.all.count, "each migration recorded once")
        // Connections carry their process's name on PostgreSQL only (`application_name`).
        if TestServer.database == "postgres" {
            let names = try await sql.raw(
                "SELECT DISTINCT application_name FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'vton test %'"
            ).all().map { try $0.decode(column: "application_name", as: String.self) }
            #expect(names.count == 6, "each process's connections carry its name: \(names)")
        }
        for connection in connections { await connection.shutdown() }
    }
}
