import ArgumentParser
import Foundation
import Logging
import VTONApp
import VTONPersistence

/// `vton import-origin`: brings the accounts and finished tasks of the system this one replaces
/// (its MySQL or MariaDB database) into this one's `DATABASE_URL`.
struct ImportOrigin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy users, roles and succeeded image tasks (with readable result files) from the origin system's MySQL database.")

    @Option(help: "The origin's database, mysql://user:pass@host:3306/db (only read).") var from: String
    @Option(help: "Where the origin's relative result paths start (its working directory).") var filesRoot = "."
    @Flag(help: "Print what would be copied, and write nothing.") var dryRun = false

    func run() async throws {
        guard case .mysql = try? DatabaseLocation.parse(from) else { throw ValidationError("--from must be mysql://user:pass@host:3306/db") }
        let configuration = try loadConfiguration()
        try createDataDirectory(configuration)
        var logger = Logger(label: "vton.import")
        logger.logLevel = .warning
        let origin = try DatabaseConnection(location: .mysql(from), logger: logger)
        do {
            let report = try await OriginImporter.run(
                from: origin, configuration: configuration, filesRoot: filesRoot, dryRun: dryRun, logger: logger
            ) { print($0) }
            print(dryRun ? "dry run, nothing written; would copy:\n\(report)" : "copied:\n\(report)")
        } catch {
            await origin.shutdown()
            throw error
        }
        await origin.shutdown()
    }
}
