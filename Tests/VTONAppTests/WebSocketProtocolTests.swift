import Foundation
import HummingbirdWSTesting
import NIOWebSocket
import Testing

@testable import VTONApp

@Suite(.timeLimit(.minutes(2)))
struct WebSocketProtocolTests {
    @Test func badTokenClosesWith4001() async throws {
        try await TestServer.run { server in
            let port = server.port
            for token in ["not-a-jwt", ""] {
                let answer = try await Task.detached {
                    try await RawWebSocket.closeCode(port: port, path: "/api/v1/ws/tasks?token=\(token)")
                }.value
                #expect(answer.status.contains("101"), "\(answer.status)")
                #expect(answer.closeCode == 4001, "token \"\(token)\"")
            }
        }
    }

    @Test func subscribeAnswersAtOnceWithTheCurrentState() async throws {
        try await TestServer.run(users: ["bob"]) { server in
            let token = try await server.login()
            let id = try await server.createTask(["prompt": "done before subscribe"], token: token)
            _ = try await server.waitForTask(id, token: token)
            let bob = try await server.login("bob", password: "password1")
            try await server.socket(token: token) { socket in
                try await socket.send(["type": "subscribe", "task_id": id])
                let subscribed = try #require(try await socket.next())
                #expect(subscribed["type"] as? String == "subscribed")
                let state = try #require(try await socket.next())
                #expect(state["type"] as? String == "task_update")
                #expect(state["status"] as? String == "succeeded")
                #expect(((state["result"] as? [String: Any])?["images"] as? [Any])?.count == 1)
                try await socket.send(["type": "unsubscribe", "task_id": id])
                #expect(try await socket.next()?["type"] as? String == "unsubscribed")
            }
            try await server.socket(token: bob) { socket in
                try await socket.send(["type": "subscribe", "task_id": id])
                let reply = try #require(try await socket.next())
                #expect(reply["type"] as? String == "error")
                #expect(reply["code"] as? String == "NOT_FOUND")
            }
        }
    }

    @Test func malformedMessagesAreAnsweredAndTheSocketStaysOpen() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            try await server.socket(token: token) { socket in
                for bad in [
                    "not json", "[1,2]", #"{"no_type":1}"#, #"{"type":"dance"}"#, #"{"type":"subscribe"}"#, #"{"type":"resume","after_event_id":-1}"#,
                ] {
                    try await socket.sendRaw(bad)
                    let reply = try #require(try await socket.next())
                    #expect(reply["type"] as? String == "error", "\(bad)")
                    #expect(reply["code"] as? String == "BAD_MESSAGE", "\(bad)")
                }
                try await socket.send(["type": "heartbeat"])
                #expect(try await socket.next()?["type"] as? String == "heartbeat")
            }
        }
    }

    @Test func aMessageOverTheLimitClosesTheSocketWith1009() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let frame = try await server.socket(token: token) { socket in
                try await socket.ready()
                // 5 × 16 KiB fragments: each frame is allowed, the message (80 KiB > 64 KiB) is not.
                try await socket.outbound.withTextMessageWriter { write in
                    for _ in 0..<5 { try await write(String(repeating: "x", count: 16 * 1024)) }
                }
                while try await socket.next() != nil {}
            }
            #expect(frame?.closeCode == .messageTooLarge, "\(String(describing: frame))")
            try await server.expectOpenSockets(0)
        }
    }

    @Test func socketsTheClientClosesAreReleased() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            for _ in 0..<3 {
                try await server.socket(token: token) { socket in
                    try await socket.ready()
                    try await server.expectOpenSockets(1)
                }
                try await server.expectOpenSockets(0)
            }
        }
    }

    @Test func serverSendsHeartbeatsAndDropsSilentClients() async throws {
        try await TestServer.run(configure: { _, overrides in
            overrides.heartbeatInterval = .milliseconds(200)
            overrides.idleTimeout = .milliseconds(700)
        }) { server in
            let token = try await server.login()
            let frame = try await server.socket(token: token) { socket in
                let first = try #require(try await socket.next())
                #expect(first["type"] as? String == "heartbeat")
                while try await socket.next() != nil {}
            }
            #expect(frame?.closeCode == .goingAway)
            try await server.expectOpenSockets(0)
        }
    }
}

extension TestServer {
    /// Waits (up to 5 s) until `/metrics` reports `count` open WebSockets: the server lets go of
    /// a socket a moment after its close handshake.
    func expectOpenSockets(_ count: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var last = ""
        let reached = try await eventually(within: .seconds(5)) { () async throws -> Bool? in
            let metrics = String(decoding: try await request(.get, "/metrics").data, as: UTF8.self)
            last = metrics.split(separator: "\n").first { $0.hasPrefix("vton_websockets_open ") }.map(String.init) ?? "(no vton_websockets_open)"
            return last.split(separator: " ").last.flatMap({ Double($0) }) == Double(count) ? true : nil
        }
        if reached == nil { Issue.record("expected \(count) open sockets, /metrics says \(last)", sourceLocation: sourceLocation) }
    }
}
