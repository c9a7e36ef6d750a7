import GeminiEmulator
import Logging
import NIOCore
import NIOPosix

/// The Gemini emulator that `serve` runs on loopback when no `GEMINI_API_KEY` is set, so the
/// real client and worker run end to end without a network.
enum EmbeddedEmulator {
    static let apiKey = "emulator-key"

    /// A free loopback port, found by binding to port 0 and releasing it at once.
    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }
}
