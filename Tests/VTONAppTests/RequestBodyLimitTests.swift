import Foundation
import HTTPTypes
import Testing

@testable import VTONApp

/// Small-JSON routes take 64 KiB, the image routes the upload cap; a body over its route's
/// limit gets its 413 at once and the connection ends, however the client sends it.
@Suite(.timeLimit(.minutes(1)))
struct RequestBodyLimitTests {
    static func head(_ path: String, port: Int, length: Int? = nil, extra: String = "") -> [UInt8] {
        let length = length.map { "Content-Length: \($0)\r\n" } ?? "Transfer-Encoding: chunked\r\n"
        return Array("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\n\(length)\(extra)\r\n".utf8)
    }

    @Test func smallJSONRoutesTake64KiBAndImageRoutesTheUploadCap() async throws {
        try await TestServer.run { server in
            // On a socket of its own: the 413 comes before the body is read and ends the
            // connection, which an HTTP client still writing the body may see as a write error.
            let padded = Array(#"{"username": "admin", "password": ""#.utf8) + [UInt8](repeating: 0x78, count: 100_000) + Array(#""}"#.utf8)
            let socket = try LoopbackSocket(port: server.port, timeoutSeconds: 5)
            await socket.send(Self.head("/api/v1/base/access_token", port: server.port, length: padded.count) + padded)
            let refused = await socket.readToEnd()
            #expect(refused.text.hasPrefix("HTTP/1.1 413"), "\(refused.text.prefix(300))")
            #expect(refused.text.contains(#""code":"TOO_LARGE""#) && refused.text.contains("64 KiB"), "\(refused.text.prefix(600))")

            let token = try await server.login()
            let reference = try TestServer.dataURL("person-gps-rotated.jpg", mime: "image/jpeg")
            #expect(reference.utf8.count > 64 * 1024)
            let generate = try await server.request(
                .post, "/api/v1/images/generate", json: ["prompt": "large body", "reference_images": [reference]], token: token)
            #expect(generate.status == .created, "\(generate.json)")
            let (headers, body) = UploadAndFileTests.multipart(try TestServer.fixture("person-gps-rotated.jpg"), type: "image/jpeg")
            let upload = try await server.request(.post, "/api/v1/uploads", token: token, headers: headers, body: body)
            #expect(upload.status == .created, "\(upload.json)")
        }
    }

    @Test func aChunkedBodyIsHeldToTheSameLimit() async throws {
        try await TestServer.run { server in
            let socket = try LoopbackSocket(port: server.port)
            let chunk = Array(String(repeating: "x", count: 50_000).utf8)
            var request = Self.head("/api/v1/base/access_token", port: server.port, extra: "Connection: close\r\n")
            for _ in 0..<3 { request += Array((String(chunk.count, radix: 16) + "\r\n").utf8) + chunk + Array("\r\n".utf8) }
            await socket.send(request + Array("0\r\n\r\n".utf8))
            let answer = await socket.readToEnd()
            #expect(answer.text.hasPrefix("HTTP/1.1 413"), "\(answer.text.prefix(300))")
            #expect(answer.text.contains("64 KiB"))
        }
    }

    /// Python's urllib and requests send `Connection: close` and the whole body before reading.
    @Test func aClientSendingAllOfAnOversizedBodyFirstGetsThe413AtOnce() async throws {
        try await TestServer.run { server in
            let socket = try LoopbackSocket(port: server.port, timeoutSeconds: 5)
            let length = 32 * 1024 * 1024
            let started = ContinuousClock.now
            let sentAll = await socket.send(
                Self.head("/api/v1/base/access_token", port: server.port, length: length, extra: "Connection: close\r\n")
                    + [UInt8](repeating: 0x20, count: length))
            let answer = await socket.readToEnd()
            #expect(sentAll, "the server stopped reading the body")
            #expect(answer.text.hasPrefix("HTTP/1.1 413"), "\(answer.text.prefix(300))")
            #expect(answer.closed)
            #expect(ContinuousClock.now - started < .seconds(3))
        }
    }

    @Test func aClientThatStopsHalfWaySeesThe413AndTheEnd() async throws {
        try await TestServer.run { server in
            for extra in ["Connection: close\r\n", ""] {
                let socket = try LoopbackSocket(port: server.port, timeoutSeconds: 5)
                let started = ContinuousClock.now
                await socket.send(Self.head("/api/v1/base/access_token", port: server.port, length: 10_000_000, extra: extra))
                await socket.send([UInt8](repeating: 0x20, count: 100_000))
                let answer = await socket.readToEnd()
                #expect(answer.text.hasPrefix("HTTP/1.1 413"), "\(extra): \(answer.text.prefix(300))")
                #expect(answer.text.lowercased().contains("connection: close"), "\(extra): \(answer.text.prefix(300))")
                #expect(answer.closed, "\(extra)")
                #expect(ContinuousClock.now - started < .seconds(2), "\(extra)")
            }
        }
    }

    @Test func aRequestReadInFullKeepsItsConnection() async throws {
        try await TestServer.run { server in
            let socket = try LoopbackSocket(port: server.port, timeoutSeconds: 10)
            let body = Array(#"{"username":"admin","password":"123456"}"#.utf8)
            await socket.send(Self.head("/api/v1/base/access_token", port: server.port, length: body.count) + body)
            await socket.send(Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
            let answer = await socket.readToEnd()
            #expect(answer.text.hasPrefix("HTTP/1.1 200"), "\(answer.text.prefix(300))")
            #expect(answer.text.components(separatedBy: "HTTP/1.1 200").count == 3, "both answered on one connection")
        }
    }
}
