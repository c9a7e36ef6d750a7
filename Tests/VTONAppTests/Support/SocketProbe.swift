import Foundation
import HummingbirdTesting
import HummingbirdWSTesting
import Testing
import WSClient

/// One test WebSocket: send JSON, read JSON messages in order.
final class SocketProbe: @unchecked Sendable {
    private var iterator: WebSocketInboundMessageStream.AsyncIterator
    let outbound: WebSocketOutboundWriter
    private(set) var received: [[String: Any]] = []

    init(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) {
        iterator = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
        self.outbound = outbound
    }

    func send(_ object: [String: Any]) async throws {
        try await outbound.write(.text(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)))
    }

    func sendRaw(_ text: String) async throws { try await outbound.write(.text(text)) }

    /// Waits for the echo of a heartbeat: the server is now serving this socket, so no later update is missed.
    func ready() async throws {
        try await send(["type": "heartbeat"])
        _ = try await read { $0["type"] as? String == "heartbeat" }
    }

    /// The next message, or nil when the socket closed.
    func next() async throws -> [String: Any]? {
        guard let message = try await iterator.next() else { return nil }
        guard case .text(let text) = message else { return [:] }
        let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        received.append(object)
        return object
    }

    /// Reads until a message satisfies `done`; returns every message read, that one included.
    func read(until done: ([String: Any]) -> Bool) async throws -> [[String: Any]] {
        var messages: [[String: Any]] = []
        while let message = try await next() {
            messages.append(message)
            if done(message) { return messages }
        }
        Issue.record("socket closed before the expected message; got \(messages)")
        return messages
    }

    static func isFinal(_ taskID: String) -> ([String: Any]) -> Bool {
        { message in
            message["type"] as? String == "task_update" && (message["task_id"] as? String)?.lowercased() == taskID.lowercased()
                && ["succeeded", "failed", "canceled"].contains(message["status"] as? String ?? "")
        }
    }
}

extension TestServer {
    @discardableResult
    func socket(token: String, _ body: @escaping @Sendable (SocketProbe) async throws -> Void) async throws -> WebSocketCloseFrame? {
        try await client.ws("/api/v1/ws/tasks?token=\(token)") { inbound, outbound, _ in
            try await body(SocketProbe(inbound: inbound, outbound: outbound))
        }
    }
}
