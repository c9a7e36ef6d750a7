import Foundation
import Hummingbird
import S3Storage
import Testing

/// `S3Client` against a server that fails on purpose: what S3 asks clients to retry (500, 503
/// `SlowDown`) is tried again after a pause, a refusal and a multipart upload's POST are not, and
/// the tries stop at the limit.
@Suite(.timeLimit(.minutes(1)))
struct S3ClientRetryTests {
    static func client(_ server: ScriptedS3Server, multipartThreshold: Int = 16 * 1024 * 1024) -> S3Client {
        var settings = S3Settings(bucket: "b", prefix: "", endpoint: server.base, region: "us-east-1", accessKeyID: "a", secretAccessKey: "b")
        settings.timeoutSeconds = 20
        settings.retry.baseDelay = .milliseconds(20)
        settings.multipartThreshold = multipartThreshold
        return S3TestBucket.client(settings)
    }

    static let stored = Response(status: .ok, headers: [.eTag: "\"etag\""])

    @Test func aServerErrorOrSlowDownIsTriedAgainUntilItPasses() async throws {
        try await ScriptedS3Server.run(answer: { method, path, number in
            switch (method, path) {
            case (.put, "/b/flaky"): number <= 2 ? ScriptedS3Server.error(.internalServerError, code: "InternalError") : Self.stored
            case (.get, "/b/busy"):
                number == 1
                    ? ScriptedS3Server.error(.serviceUnavailable, code: "SlowDown")
                    : Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "bytes")))
            default: ScriptedS3Server.error(.notFound, code: "NoSuchKey")
            }
        }) { server in
            let client = Self.client(server)
            try await client.put("flaky", Data("x".utf8))
            #expect(server.count(.put, "/b/flaky") == 3)
            #expect(try await client.get("busy") == Data("bytes".utf8))
            #expect(server.count(.get, "/b/busy") == 2)
            #expect(try await client.get("missing") == nil)
            #expect(server.count(.get, "/b/missing") == 1, "a missing key is an answer")
        }
    }

    @Test func refusalsAndMultipartPOSTsAreNotRepeatedAndTriesStopAtTheLimit() async throws {
        try await ScriptedS3Server.run(answer: { method, path, _ in
            switch (method, path) {
            case (.put, "/b/denied"): ScriptedS3Server.error(.forbidden, code: "AccessDenied")
            case (.post, "/b/large"): ScriptedS3Server.error(.internalServerError, code: "InternalError")
            default: ScriptedS3Server.error(.serviceUnavailable, code: "SlowDown")
            }
        }) { server in
            let client = Self.client(server, multipartThreshold: 4)
            await #expect(throws: S3Error.refused(operation: "PutObject", status: 403, code: "AccessDenied", message: "scripted")) {
                try await client.put("denied", Data("abc".utf8))
            }
            #expect(server.count(.put, "/b/denied") == 1)

            // Creating a multipart upload twice would start two uploads.
            await #expect(throws: S3Error.refused(operation: "CreateMultipartUpload", status: 500, code: "InternalError", message: "scripted")) {
                try await client.put("large", Data("more than four bytes".utf8))
            }
            #expect(server.count(.post, "/b/large") == 1)

            await #expect(throws: S3Error.refused(operation: "GetObject", status: 503, code: "SlowDown", message: "scripted")) {
                try await client.get("down")
            }
            #expect(server.count(.get, "/b/down") == S3Retry().maxAttempts)
        }
    }

    /// The deadline holds for a download passed on as it arrives, too: its head comes at once,
    /// its bytes one every 300 ms.
    @Test func aStreamedObjectTrickledByteByByteEndsAtTheDeadline() async throws {
        try await ScriptedS3Server.run(answer: { _, _, _ in
            Response(
                status: .ok, headers: [.contentLength: "100"],
                body: .init { writer in
                    for _ in 0..<100 {
                        try await writer.write(ByteBuffer(bytes: [0x89]))
                        try await Task.sleep(for: .milliseconds(300))
                    }
                    try await writer.finish(nil)
                })
        }) { server in
            var settings = S3Settings(bucket: "b", prefix: "", endpoint: server.base, region: "us-east-1", accessKeyID: "a", secretAccessKey: "b")
            settings.timeoutSeconds = 1
            let started = ContinuousClock.now
            let object = try #require(try await S3TestBucket.client(settings).open("trickle"))
            #expect(object.length == 100)
            var received = 0
            await #expect(throws: S3Error.timedOut(operation: "GetObject")) {
                for try await chunk in object.chunks { received += chunk.readableBytes }
            }
            #expect(ContinuousClock.now - started < .seconds(3))
            #expect((1..<10).contains(received))
        }
    }
}
