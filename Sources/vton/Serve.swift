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

    @Option(help: "all: everything in one process; api: HTTP and WebSocket only; worker: the work only (default: VTON_ROLE, else all).")
    var role: ServerRole?

    #if BENCHMARK_SWITCHES
        /// Only to measure what permission checks and the audit log cost (bench/access.py), in a
        /// binary built for it (`-Xswiftc -DBENCHMARK_SWITCHES`); the shipped one has no such switch.
        @Flag(help: .hidden)
        var withoutAccessControl = false
    #endif

    func run() async throws {
        ImageMemory.keepLargeBuffersMapped()
        var configuration = try loadConfiguration()
        configuration.emulatorExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        if let role { configuration.role = role }
        var logger = Logger(label: "vton")
        logger.logLevel = logLevel
        var overrides = AppOverrides()
        #if BENCHMARK_SWITCHES
            if withoutAccessControl {
                logger.warning("permission checks and the audit log are OFF (--without-access-control)")
                overrides.accessControl = false
            }
        #endif
        let app = try await buildApplication(configuration, overrides: overrides, logger: logger)
        try await app.runService()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
extension ServerRole: ExpressibleByArgument {}

/// Reads the configuration, exiting with the setting's name on a bad value.
func loadConfiguration() throws -> AppConfiguration {
    do {
        return try AppConfiguration.load(from: DotEnv.mergedEnvironment())
    } catch {
        FileHandle.standardError.write(Data("vton: \(error.description)\n".utf8))
        throw ExitCode(2)
    }
}
