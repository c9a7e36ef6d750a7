import AsyncHTTPClient
import Logging
import VTONPersistence

extension OriginImporter {
    /// `vton import-origin`: into the configured database and storage, so result files land
    /// where the server reads them (the data directory, or the S3 bucket).
    public static func run(
        from origin: DatabaseConnection, configuration: AppConfiguration, filesRoot: String, dryRun: Bool, logger: Logger,
        progress: @Sendable (String) -> Void
    ) async throws -> Report {
        let target = try DatabaseConnection(location: configuration.database, logger: logger)
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await target.migrate()
            let importer = try OriginImporter(
                origin: origin, target: target, blobs: configuredBlobStore(configuration, httpClient: httpClient, logger: logger),
                hasher: PasswordHasher(), filesRoot: filesRoot, defaultModel: configuration.defaultModel,
                newUserCredits: configuration.newUserCredits, dryRun: dryRun)
            let report = try await importer.run(progress: progress)
            try await httpClient.shutdown()
            await target.shutdown()
            return report
        } catch {
            try? await httpClient.shutdown()
            await target.shutdown()
            throw error
        }
    }
}
