import ArgumentParser
import Foundation
import Hummingbird
import Logging
import VTONApp
import VTONImaging

/// `vton serve`: API, WebSocket, worker and (without a key) the emulator in one process.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server (settings come from the environment and .env).")

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: Logger.Level = .info

    @Flag(help: .hidden)
    var withoutAccessControl = false

    func run() async throws {
        ImageMemory.keepLargeBuffersMapped()
        var configuration = try loadConfiguration()
        configuration.emulatorExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var logger = Logger(label: "vton")
        logger.logLevel = logLevel
        var overrides = AppOverrides()
        // Only to measure what permission checks and the audit log cost (bench/access.py).
        if withoutAccessControl {
            guard configuration.environment == .development else {
                FileHandle.standardError.write(Data("vton: --without-access-control is for benchmarks and refused in production\n".utf8))
                throw ExitCode(2)
            }
            logger.warning("permission checks and the audit log are OFF (--without-access-control)")
            overrides.accessControl = false
        }
        let app = try await buildApplication(configuration, overrides: overrides, logger: logger)
        try await app.runService()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Reads the configuration, exiting with the setting's name on a bad value.
func loadConfiguration() throws -> AppConfiguration {
    do {
        return try AppConfiguration.load(from: DotEnv.mergedEnvironment())
    } catch {
        FileHandle.standardError.write(Data("vton: \(error.description)\n".utf8))
        throw ExitCode(2)
    }
}
