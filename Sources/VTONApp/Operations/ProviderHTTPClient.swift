import AsyncHTTPClient
import NIOCore
import ServiceLifecycle

/// The HTTP client for provider calls, with as many connections per host as calls may be in
/// flight: the shared client's default of 8 made 32 workers queue behind 8 HTTP/1.1
/// connections to the emulator (Google's HTTP/2 multiplexes, so it never noticed).
/// A service, so the group shuts it down after everything that uses it.
final class ProviderHTTPClient: Service {
    let client: HTTPClient

    init(connections: Int) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
