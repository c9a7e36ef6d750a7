import Foundation
import HTTPTypes
import NIOCore
import Testing

@testable import VTONApp

/// Request ids that could forge log fields, ranges past the end of a file, and JSON bodies of
/// the wrong shape: each gets a clear answer instead of being passed on or misreported.
@Suite(.timeLimit(.minutes(1)))
struct RequestEdgeCaseTests {
    static let requestID = HTTPField.Name("X-Request-Id")!

    @Test func aRequestIDIsKeptOnlyIfItIsAPlainToken() async throws {
        try await TestServer.run { server in
            let kept = try await server.request(.get, "/healthz", headers: [Self.requestID: "trace_1.2-b"])
            #expect(kept.headers[Self.requestID] == "trace_1.2-b")
            for forged in ["x route=/admin status=200", "a\"b", String(repeating: "a", count: 65), "naïve"] {
                let reply = try await server.request(.get, "/healthz", headers: [Self.requestID: forged])
                let made = try #require(reply.headers[Self.requestID])
                #expect(made != forged)
                #expect(RequestLogMiddleware.isToken(made), "\(made)")
            }
        }
    }

    @Test(
        arguments: [
            ("bytes=0-7", RangeRequest.part(0...7)), ("bytes=5-", .part(5...9)), ("bytes=-3", .part(7...9)), ("bytes=-30", .part(0...9)),
            ("bytes=8-100", .part(8...9)), ("bytes=10-", .unsatisfiable), ("bytes=10-20", .unsatisfiable), ("bytes=-0", .unsatisfiable),
            ("bytes=99999999999999999999-", .unsatisfiable), ("bytes=5-2", .whole), ("bytes=0-1,4-5", .whole), ("items=0-1", .whole),
            ("bytes=x-1", .whole), ("bytes=--1", .whole), ("bytes=", .whole),
        ] as [(String, RangeRequest)])
    func rangesOfTenBytes(header: String, expected: RangeRequest) {
        #expect(RangeRequest(header: header, length: 10) == expected)
    }

    @Test func aRangePastTheEndOfAFileIs416() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            let (headers, body) = UploadAndFileTests.multipart(try TestServer.fixture("person-small.png"))
            let upload = try await server.request(.post, "/api/v1/uploads", token: token, headers: headers, body: body)
            let signed = try #require(upload.json["url"] as? String)
            let size = try #require(upload.json["bytes"] as? Int)
            for range in ["bytes=\(size)-", "bytes=-0"] {
                let reply = try await server.request(.get, signed, headers: [.range: range])
                #expect(reply.status == .rangeNotSatisfiable, "\(range)")
                #expect(reply.headers[.contentRange] == "bytes */\(size)", "\(range)")
                #expect(reply.json["code"] as? String == "RANGE_NOT_SATISFIABLE", "\(range)")
            }
            let last = try await server.request(.get, signed, headers: [.range: "bytes=-10"])
            #expect(last.status == .partialContent)
            #expect(last.headers[.contentRange] == "bytes \(size - 10)-\(size - 1)/\(size)")
            #expect(try await server.request(.get, signed, headers: [.range: "bytes=9-2"]).status == .ok)
        }
    }

    @Test func bodiesOfTheWrongShapeNameTheField() async throws {
        try await TestServer.run { server in
            let token = try await server.login()
            func post(_ path: String, _ text: String) async throws -> TestServer.Reply {
                try await server.request(
                    .post, path, token: token, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: Array(text.utf8)))
            }
            for (path, text, field) in [
                ("/api/v1/base/access_token", #"[{"username":"admin","password":"123456"}]"#, "body"),
                ("/api/v1/base/access_token", "42", "body"),
                ("/api/v1/images/generate", #"{"prompt":"x","deadline_seconds":1e300}"#, "deadline_seconds"),
                ("/api/v1/images/generate", #"{"prompt":"x","deadline_seconds":99999999999999999999}"#, "deadline_seconds"),
                ("/api/v1/images/generate", #"{"prompt":"x","deadline_seconds":1.5}"#, "deadline_seconds"),
            ] {
                let reply = try await post(path, text)
                #expect(reply.status == .unprocessableContent, "\(text): \(reply.json)")
                #expect(reply.json["code"] as? String == "VALIDATION_ERROR", "\(text)")
                #expect(reply.json["field"] as? String == field, "\(text): \(reply.json)")
            }
            let broken = try await post("/api/v1/images/generate", #"{"prompt":"x","deadline_seconds":1e300"#)
            #expect(broken.status == .badRequest)
            #expect(broken.json["code"] as? String == "BAD_JSON")
        }
    }

    struct Probe: Decodable {
        struct Item: Decodable {
            let count: Int
            let share: Double?
        }
        let ratio: Double
        let items: [Item]
    }

    @Test(arguments: [
        (#"{"ratio":1e3,"items":[{"count":1},{"count":1e300}]}"#, "items[1].count"),
        (#"{"ratio":0.5,"items":[{"count":2,"share":0.25},{"count":3.5}]}"#, "items[1].count"),
        (#"{"ratio":1e999,"items":[]}"#, "ratio"),
        (#"{"items":[{"count":-99999999999999999999}],"ratio":1}"#, "items[0].count"),
        (#"{"ratio":0.5,"items":[{"count":1e300},{"count":1e300}]}"#, "items[0].count"),
        (#"{"rat\u0069o":1e999,"items":[{"count":7}]}"#, "ratio"),
    ])
    func aNumberItsFieldCannotHoldIsNamed(text: String, field: String) {
        let error = #expect(throws: APIError.self) { try JSONRequestDecoder.decode(Probe.self, from: Data(text.utf8)) }
        #expect(error?.code == "VALIDATION_ERROR", "\(text): \(String(describing: error?.detail))")
        #expect(error?.field == field, "\(text): \(String(describing: error?.detail))")
    }
}
