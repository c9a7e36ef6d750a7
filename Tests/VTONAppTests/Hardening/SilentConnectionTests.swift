import Foundation
import Synchronization
import Testing

@testable import VTONApp

/// A client that connects and sends nothing (a browser's speculative preconnect, or someone
/// holding sockets for free) is closed: at once when the server shuts down, otherwise after the
/// deadline. Before this, one such connection held a graceful shutdown forever.
@Suite(.timeLimit(.minutes(1)))
struct SilentConnectionTests {
    @Test func aConnectionThatNeverSendsDoesNotHoldTheServersShutdown() async throws {
        let silent = Mutex<LoopbackSocket?>(nil)
        try await TestServer.run { server in
            let socket = try LoopbackSocket(port: server.port, timeoutSeconds: 10)
            silent.withLock { $0 = socket }
            // Served on another connection while the silent one waits.
            _ = try await server.login()
        }
        let socket = try #require(silent.withLock { $0 })
        let end = await socket.readToEnd()
        #expect(end.closed && end.text.isEmpty, "\(end)")
    }

    @Test func aConnectionSilentPastTheDeadlineIsClosedWhileASlowTalkerIsServed() async throws {
        try await TestServer.run(configure: { _, overrides in overrides.silentConnectionDeadline = .milliseconds(300) }) { server in
            let silent = try LoopbackSocket(port: server.port, timeoutSeconds: 10)
            let slow = try LoopbackSocket(port: server.port, timeoutSeconds: 10)
            #expect(await slow.send(Array("G".utf8)))

            // Its read deadline is 10 s, so "closed" here means the server ended it.
            let end = await silent.readToEnd()
            #expect(end.closed && end.text.isEmpty, "\(end)")

            // The slow client sent its first byte in time; the rest of its request, well past
            // the deadline, is answered as usual.
            #expect(await slow.send(Array("ET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)))
            let answer = await slow.readToEnd()
            #expect(answer.text.hasPrefix("HTTP/1.1 200"), "\(answer.text.prefix(300))")
        }
    }
}
