import ArgumentParser
import Foundation
import Logging
import VTONApp
import VTONPersistence

/// `vton migrate`: brings the database schema up to date and exits.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    func run() async throws {
        let configuration = try loadConfiguration()
        let logger = Logger(label: "vton.migrate")
        try createDataDirectory(configuration)
        let connection = try DatabaseConnection(location: configuration.database, logger: logger)
        do {
            try await connection.migrate()
        } catch {
            await connection.shutdown()
            throw error
        }
        await connection.shutdown()
        print("migrations applied")
    }
}

func createDataDirectory(_ configuration: AppConfiguration) throws {
    try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
}
