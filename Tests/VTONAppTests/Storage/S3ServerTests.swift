import Foundation
import S3Storage
import Testing
import VTONPersistence

@testable import VTONApp

/// Live servers configured with S3 (moto, started by `make test`): results and uploads go to
/// the bucket, not the data directory, so any server process serves what another one stored.
@Suite(.enabled(if: S3TestBucket.enabled), .timeLimit(.minutes(3)))
struct S3ServerTests {
    @Test func aRealtimeResultIsStoredInTheBucketAndServedOverHTTP() async throws {
        let settings = try S3TestBucket.settings()
        let bucket = S3TestBucket.client(settings)
        try await TestServer.run(configure: { configuration, _ in configuration.storage = settings }) { server in
            let token = try await server.login()
            let id = try await server.createTask(
                ["prompt": "stored in the bucket", "reference_images": [try TestServer.dataURL("person-small.png")]], token: token)
            let task = try await server.waitForTask(id, token: token)
            #expect(task["status"] as? String == "succeeded", "\(task)")
            let image = try #require(((task["result"] as? [String: Any])?["images"] as? [[String: Any]])?.first)
            let download = try await server.request(.get, try #require(image["url"] as? String))
            #expect(download.status == .ok)
            #expect(TestServer.imageSize(download.data).map { [$0.width, $0.height] } == [image["width"] as? Int, image["height"] as? Int])
            let digest = LocalBlobStore.sha256(download.data)
            #expect(try await bucket.get(S3BlobStore.key(digest)) == download.data)

            let range = try await server.request(.get, try #require(image["url"] as? String), headers: [.range: "bytes=0-9"])
            #expect(range.status == .partialContent)
            #expect(range.data == download.data.prefix(10))
            #expect(download.headers[.contentLength] == String(download.data.count))

            let thumbnail = try await server.request(.get, try #require(image["url"] as? String) + "&size=thumb")
            #expect(thumbnail.status == .ok)
            #expect(thumbnail.headers[.contentType] == "image/webp")
            #expect(try await bucket.get(S3BlobStore.key(digest + ".thumb")) == thumbnail.data)
            #expect(!FileManager.default.fileExists(atPath: server.dataDirectory + "/blobs"), "nothing is written to the data directory")
            #expect(try await server.request(.get, "/readyz").status == .ok)
        }
    }

    @Test func aServerWhoseBucketIsMissingIsNotReady() async throws {
        let settings = try S3TestBucket.settings(bucket: "no-such-bucket-\(UUID().uuidString.prefix(6).lowercased())")
        try await TestServer.run(configure: { configuration, _ in configuration.storage = settings }) { server in
            let ready = try await server.request(.get, "/readyz")
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.json["code"] as? String == "STORAGE_UNAVAILABLE")
        }
    }

    /// Two servers, as two processes would be: their own data directories, one database, one
    /// bucket and one secret. What one stores, the other serves, signed links included.
    @Test(arguments: TestServer.databases)
    func twoServersSharingABucketServeEachOthersFiles(database: String) async throws {
        let settings = try S3TestBucket.settings()
        let shared = FileManager.default.temporaryDirectory.appendingPathComponent("vton-shared-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: shared) }
        let location = try await TestServer.fresh(database) ?? .sqliteFile(shared + "/vton.sqlite")
        let secret = String(repeating: "s3-shared-secret-", count: 3)
        let configure: @Sendable (inout AppConfiguration, inout AppOverrides) -> Void = { configuration, _ in
            configuration.storage = settings
            configuration.database = location
            configuration.jwtSecret = secret
        }
        try await TestServer.run(configure: configure) { first in
            try await TestServer.run(configure: configure) { second in
                #expect(first.dataDirectory != second.dataDirectory)
                let token = try await first.login()
                let (headers, body) = UploadAndFileTests.multipart(try TestServer.fixture("person-small.png"))
                let upload = try await first.request(.post, "/api/v1/uploads", token: token, headers: headers, body: body)
                #expect(upload.status == .created, "\(upload.json)")
                let signed = try #require(upload.json["url"] as? String)
                let id = try #require(upload.json["id"] as? String)

                let fromSecond = try await second.request(.get, signed)
                #expect(fromSecond.status == .ok)
                #expect(LocalBlobStore.sha256(fromSecond.data) == upload.json["sha256"] as? String)
                let thumbnail = try await second.request(.get, "/api/v1/files/\(id)?size=thumb", token: try await second.login())
                #expect(thumbnail.status == .ok)
                #expect(TestServer.imageSize(thumbnail.data) != nil)

                // A result made by whichever worker claimed the task, downloaded from both.
                let task = try await second.createTask(["prompt": "made on the second", "reference_images": [id]], token: token)
                let done = try await second.waitForTask(task, token: token)
                let url = try #require(((done["result"] as? [String: Any])?["images"] as? [[String: Any]])?.first?["url"] as? String)
                let (one, other) = (try await first.request(.get, url), try await second.request(.get, url))
                #expect(one.status == .ok && other.status == .ok)
                #expect(TestServer.imageSize(one.data) != nil && one.data == other.data)
            }
        }
    }
}
